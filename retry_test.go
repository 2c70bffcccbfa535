package industrydata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(url string) *outgoing { return &outgoing{method: http.MethodGet, url: url} }

func TestRetryAfterSecondsIsHonoured(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   time.Duration
	}{
		{"2", 2 * time.Second},
		{"2.128", 2128 * time.Millisecond}, // Graph's fractional seconds are not truncated
		{"0", 0},
	} {
		t.Run(tc.header, func(t *testing.T) {
			m, hc := newMockGraph(
				graphError(429, "TooManyRequests", "slow down", "req-1", "Retry-After", tc.header),
				reply(200, `{"value":[]}`),
			)
			c, s := mockClient(t, hc)
			body, err := call(context.Background(), c, get(testBase+"/industryData/runGroups"))
			require.NoError(t, err)
			assert.JSONEq(t, `{"value":[]}`, body)
			assert.Equal(t, []time.Duration{tc.want}, s.all())
			got := m.requests()
			require.Len(t, got, 2)
			assert.Empty(t, got[0].Header.Get("Retry-Attempt"))
			assert.Equal(t, "1", got[1].Header.Get("Retry-Attempt"))
		})
	}
}

func TestRetryAfterHTTPDate(t *testing.T) {
	at := time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat)
	_, hc := newMockGraph(
		graphError(503, "ServiceUnavailable", "busy", "req-1", "Retry-After", at),
		reply(200, `{}`),
	)
	c, s := mockClient(t, hc)
	_, err := call(context.Background(), c, get(testBase+"/x"))
	require.NoError(t, err)
	waits := s.all()
	require.Len(t, waits, 1)
	// An HTTP date has one-second resolution.
	assert.InDelta(t, float64(30*time.Second), float64(waits[0]), float64(1500*time.Millisecond))
}

func TestFiveServiceUnavailableThenSuccess(t *testing.T) {
	var replies []responder
	for i := 1; i <= 5; i++ {
		replies = append(replies, graphError(503, "ServiceUnavailable", "busy", fmt.Sprintf("req-%d", i)))
	}
	replies = append(replies, reply(200, `{"id":"rg-1"}`))
	m, hc := newMockGraph(replies...)
	c, s := mockClient(t, hc)

	body, err := call(context.Background(), c, get(testBase+"/industryData/runGroups/rg-1"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"rg-1"}`, body)

	got := m.requests()
	require.Len(t, got, 6)
	id := got[0].Header.Get("client-request-id")
	for i, r := range got {
		want := ""
		if i > 0 {
			want = strconv.Itoa(i)
		}
		assert.Equal(t, want, r.Header.Get("Retry-Attempt"), "attempt %d", i+1)
		assert.Equal(t, id, r.Header.Get("client-request-id"), "one logical call keeps its client-request-id")
		assert.Equal(t, "Bearer test-token", r.Header.Get("Authorization"))
	}
	waits := s.all()
	require.Len(t, waits, 5)
	p := DefaultRetryPolicy()
	for n, w := range waits {
		assert.LessOrEqual(t, w, min(p.MaxWait, p.MinWait<<n), "retry %d", n+1)
		assert.GreaterOrEqual(t, w, time.Duration(0))
	}
}

func TestSixServiceUnavailableFailWithLastGraphError(t *testing.T) {
	var replies []responder
	for i := 1; i <= 6; i++ {
		replies = append(replies, graphError(503, "ServiceUnavailable", fmt.Sprintf("busy %d", i), fmt.Sprintf("req-%d", i)))
	}
	m, hc := newMockGraph(replies...)
	c, s := mockClient(t, hc)

	_, err := c.send(context.Background(), get(testBase+"/x"))
	require.Error(t, err)
	e, ok := errorAs[*Error](err)
	require.True(t, ok, "got %T: %v", err, err)
	assert.Equal(t, 503, e.StatusCode)
	assert.Equal(t, "ServiceUnavailable", e.Code)
	assert.Equal(t, "busy 6", e.Message)
	assert.Equal(t, "req-6", e.RequestID)
	assert.NotContains(t, err.Error(), "giving up")
	assert.Len(t, m.requests(), 6)
	assert.Len(t, s.all(), 5)
}

func TestThrottledToTheEndIsErrThrottled(t *testing.T) {
	var replies []responder
	for i := 1; i <= 3; i++ {
		replies = append(replies, graphError(429, "TooManyRequests", "throttled", fmt.Sprintf("req-%d", i), "Retry-After", "1.5"))
	}
	_, hc := newMockGraph(replies...)
	c, s := mockClient(t, hc, WithRetry(RetryPolicy{MaxRetries: 2}))
	_, err := c.send(context.Background(), get(testBase+"/x"))
	require.ErrorIs(t, err, ErrThrottled)
	e, ok := errorAs[*Error](err)
	require.True(t, ok)
	assert.Equal(t, "req-3", e.RequestID)
	assert.Equal(t, 1500*time.Millisecond, e.RetryAfter)
	assert.Equal(t, []time.Duration{1500 * time.Millisecond, 1500 * time.Millisecond}, s.all())
}

func TestRetryRulesPerMethod(t *testing.T) {
	for _, tc := range []struct {
		method         string
		status         int
		retried        bool
		outcomeUnknown bool
	}{
		{http.MethodPost, 429, true, false},
		{http.MethodPost, 503, true, false},
		{http.MethodPost, 504, false, true},
		{http.MethodPost, 500, false, true},
		{http.MethodPost, 502, false, true},
		{http.MethodPost, 400, false, false},
		{http.MethodGet, 504, true, false},
		{http.MethodGet, 500, false, false},
		{http.MethodGet, 502, false, false},
		{http.MethodGet, 404, false, false},
		{http.MethodPatch, 504, true, false},
		{http.MethodPut, 503, true, false},
		{http.MethodDelete, 429, true, false},
		{http.MethodHead, 504, true, false},
	} {
		t.Run(fmt.Sprintf("%s %d", tc.method, tc.status), func(t *testing.T) {
			m, hc := newMockGraph(graphError(tc.status, "Code", "first", "req-1"), reply(200, `{}`))
			c, _ := mockClient(t, hc)
			o := &outgoing{method: tc.method, url: testBase + "/industryData/runGroups"}
			if tc.method != http.MethodGet && tc.method != http.MethodHead {
				o.body = []byte(`{"displayName":"x"}`)
			}
			_, err := call(context.Background(), c, o)
			if tc.retried {
				require.NoError(t, err)
				assert.Len(t, m.requests(), 2)
				return
			}
			require.Error(t, err)
			assert.Len(t, m.requests(), 1)
			e, ok := errorAs[*Error](err)
			require.True(t, ok, "got %T: %v", err, err)
			assert.Equal(t, tc.status, e.StatusCode)
			assert.Equal(t, "req-1", e.RequestID)
			assert.Equal(t, tc.outcomeUnknown, errors.Is(err, ErrOutcomeUnknown))
		})
	}
}

func TestRequestReplayedExactly(t *testing.T) {
	body := []byte(`{"displayName":"Nightly sync","description":"ünïcödé \"quoted\""}`)
	m, hc := newMockGraph(
		graphError(429, "TooManyRequests", "wait", "r1", "Retry-After", "0.01"),
		graphError(503, "ServiceUnavailable", "busy", "r2"),
		reply(201, `{"id":"rg-9"}`),
	)
	c, _ := mockClient(t, hc)
	out, err := call(context.Background(), c, &outgoing{
		method: http.MethodPost,
		url:    testBase + "/industryData/runGroups",
		header: http.Header{"X-Custom": {"kept"}},
		body:   body,
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"rg-9"}`, out)

	got := m.requests()
	require.Len(t, got, 3)
	for i, r := range got {
		assert.Equal(t, body, r.Body, "attempt %d body", i+1)
		h := r.Header.Clone()
		h.Del("Retry-Attempt")
		first := got[0].Header.Clone()
		assert.Equal(t, first, h, "attempt %d headers", i+1)
		assert.Equal(t, "kept", r.Header.Get("X-Custom"))
	}
}

func TestPostRetriedWhenConnectionFailedBeforeSending(t *testing.T) {
	m, hc := newMockGraph(
		failWith(&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}),
		reply(201, `{"id":"rg-1"}`),
	)
	c, s := mockClient(t, hc)
	_, err := call(context.Background(), c, &outgoing{method: http.MethodPost, url: testBase + "/industryData/runGroups", body: []byte(`{}`)})
	require.NoError(t, err)
	assert.Len(t, m.requests(), 2)
	assert.Len(t, s.all(), 1)
}

func TestPostToClosedPortIsRetriedAndNotOutcomeUnknown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens: every dial is refused

	s := &sleeps{}
	c, err := NewClient(WithBaseURL("http://"+addr+"/beta"), WithStaticToken("t"),
		WithRetry(RetryPolicy{MaxRetries: 2}), withSleep(s.sleep))
	require.NoError(t, err)
	_, err = c.send(context.Background(), &outgoing{method: http.MethodPost, url: "http://" + addr + "/beta/industryData/runGroups", body: []byte(`{}`)})
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "the request never left: its outcome is known")
	assert.Contains(t, err.Error(), "(3 attempts)")
	assert.Contains(t, err.Error(), "connection refused")
	assert.Len(t, s.all(), 2, "a refused connection is retried even for POST")
}

// dropAfterReading is a server that reads each request, counts it and closes the
// connection without answering: the request was delivered, its outcome is unknown.
func dropAfterReading(t *testing.T, count *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		count.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestPostNotRetriedAfterConnectionDropped(t *testing.T) {
	var creates atomic.Int32
	srv := dropAfterReading(t, &creates)
	s := &sleeps{}
	c, err := NewClient(WithBaseURL(srv.URL+"/beta"), WithStaticToken("t"), withSleep(s.sleep))
	require.NoError(t, err)
	defer c.Close()

	_, err = c.send(context.Background(), &outgoing{method: http.MethodPost, url: srv.URL + "/beta/industryData/runGroups", body: []byte(`{"displayName":"x"}`)})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, int32(1), creates.Load(), "the create was delivered once and never repeated")
	assert.Empty(t, s.all())
}

func TestGetRetriedAfterConnectionDropped(t *testing.T) {
	var gets atomic.Int32
	srv := dropAfterReading(t, &gets)
	s := &sleeps{}
	c, err := NewClient(WithBaseURL(srv.URL+"/beta"), WithStaticToken("t"), withSleep(s.sleep), WithRetry(RetryPolicy{MaxRetries: 2}))
	require.NoError(t, err)
	defer c.Close()

	_, err = c.send(context.Background(), get(srv.URL+"/beta/industryData/runGroups"))
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, int32(3), gets.Load())
	assert.Len(t, s.all(), 2)
}

// TestPost504AfterCommitIsNotRetried runs a real server that commits the create and
// then answers 504, as a gateway does when the backend is slow.
func TestPost504AfterCommitIsNotRetried(t *testing.T) {
	var creates atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		creates.Add(1)
		w.Header().Set("request-id", "gw-1")
		w.WriteHeader(http.StatusGatewayTimeout)
		_, _ = io.WriteString(w, `<html>Gateway Timeout</html>`)
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL+"/beta"), WithStaticToken("t"), withSleep((&sleeps{}).sleep))
	require.NoError(t, err)
	defer c.Close()

	_, err = c.send(context.Background(), &outgoing{method: http.MethodPost, url: srv.URL + "/beta/industryData/runGroups", body: []byte(`{}`)})
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	e, ok := errorAs[*Error](err)
	require.True(t, ok)
	assert.Equal(t, 504, e.StatusCode)
	assert.Equal(t, "gw-1", e.RequestID)
	assert.Equal(t, int32(1), creates.Load())
}

func TestRetryAfterLongerThanMaxWaitIsNotWaited(t *testing.T) {
	m, hc := newMockGraph(graphError(429, "TooManyRequests", "later", "req-1", "Retry-After", "120"))
	c, s := mockClient(t, hc, WithRetry(RetryPolicy{MaxRetries: 5, MaxWait: 10 * time.Second}))
	_, err := c.send(context.Background(), get(testBase+"/x"))
	require.ErrorIs(t, err, ErrThrottled)
	e, _ := errorAs[*Error](err)
	assert.Equal(t, 120*time.Second, e.RetryAfter, "the caller learns how long Graph asked for")
	assert.Empty(t, s.all())
	assert.Len(t, m.requests(), 1)
}

func TestMaxTotalWaitStopsRetries(t *testing.T) {
	m, hc := newMockGraph(
		graphError(429, "TooManyRequests", "1", "req-1", "Retry-After", "2"),
		graphError(429, "TooManyRequests", "2", "req-2", "Retry-After", "2"),
		reply(200, `{}`),
	)
	c, s := mockClient(t, hc, WithRetry(RetryPolicy{MaxRetries: 5, MaxTotalWait: 3 * time.Second}))
	_, err := c.send(context.Background(), get(testBase+"/x"))
	require.ErrorIs(t, err, ErrThrottled)
	e, _ := errorAs[*Error](err)
	assert.Equal(t, "req-2", e.RequestID)
	assert.Equal(t, []time.Duration{2 * time.Second}, s.all())
	assert.Len(t, m.requests(), 2)
}

func TestWaitPastDeadlineReturnsLastErrorAtOnce(t *testing.T) {
	m, hc := newMockGraph(graphError(503, "ServiceUnavailable", "busy", "req-1", "Retry-After", "5"))
	c, s := mockClient(t, hc)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := c.send(ctx, get(testBase+"/x"))
	require.Error(t, err)
	e, ok := errorAs[*Error](err)
	require.True(t, ok, "got %T: %v", err, err)
	assert.Equal(t, "req-1", e.RequestID)
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "the call did not wait for the deadline")
	assert.Empty(t, s.all())
	assert.Len(t, m.requests(), 1)
}

func TestCancelStopsWaitingAtOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, hc := newMockGraph(func(req *http.Request) (*http.Response, error) {
		time.AfterFunc(20*time.Millisecond, cancel) // the caller gives up while the SDK waits 60 s
		return graphError(429, "TooManyRequests", "wait", "req-1", "Retry-After", "60")(req)
	})
	// The real timer: a wait that ignored the context would hang the test.
	c, err := NewClient(WithBaseURL(testBase), WithHTTPClient(hc), WithStaticToken("t"))
	require.NoError(t, err)
	_, err = c.send(ctx, get(testBase+"/x"))
	require.ErrorIs(t, err, context.Canceled)
	e, ok := errorAs[*Error](err)
	require.True(t, ok, "the last response is still reported: %v", err)
	assert.Equal(t, "req-1", e.RequestID)
}

func TestRealWaitHonoursRetryAfter(t *testing.T) {
	m, hc := newMockGraph(graphError(429, "TooManyRequests", "wait", "req-1", "Retry-After", "0.05"), reply(200, `{}`))
	c, err := NewClient(WithBaseURL(testBase), WithHTTPClient(hc), WithStaticToken("t"))
	require.NoError(t, err)
	_, err = call(context.Background(), c, get(testBase+"/x"))
	require.NoError(t, err)
	assert.Len(t, m.requests(), 2)
}

func TestRetriesOff(t *testing.T) {
	m, hc := newMockGraph(graphError(503, "ServiceUnavailable", "busy", "req-1"))
	c, s := mockClient(t, hc, WithRetry(RetryPolicy{}))
	_, err := c.send(context.Background(), get(testBase+"/x"))
	e, ok := errorAs[*Error](err)
	require.True(t, ok)
	assert.Equal(t, 503, e.StatusCode)
	assert.Len(t, m.requests(), 1)
	assert.Empty(t, s.all())
}

func TestGetRetriedAfterNetworkError(t *testing.T) {
	m, hc := newMockGraph(failWith(io.ErrUnexpectedEOF), reply(200, `{"ok":true}`))
	c, _ := mockClient(t, hc)
	body, err := call(context.Background(), c, get(testBase+"/x"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"ok":true}`, body)
	assert.Len(t, m.requests(), 2)
}

func TestPerAttemptTimeoutAbandonsHungAttempt(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			<-r.Context().Done() // hang until the client gives up on this attempt
			return
		}
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL+"/beta"), WithStaticToken("t"), withSleep((&sleeps{}).sleep),
		WithRetry(RetryPolicy{MaxRetries: 2, PerAttemptTimeout: 100 * time.Millisecond}))
	require.NoError(t, err)
	defer c.Close()
	body, err := call(context.Background(), c, get(srv.URL+"/beta/x"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"ok":true}`, body)
	assert.Equal(t, int32(2), n.Load())
}

func TestRedirectLoopIsNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL), WithStaticToken("t"), withSleep((&sleeps{}).sleep))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.send(context.Background(), get(srv.URL+"/loop"))
	require.ErrorContains(t, err, "stopped after 10 redirects")
	assert.Equal(t, int32(10), n.Load(), "one chain of redirects, not six")
}

func TestBackoffIsFullJitterBelowCap(t *testing.T) {
	r := &retrier{policy: RetryPolicy{MaxRetries: 10, MinWait: 100 * time.Millisecond, MaxWait: time.Second, MaxTotalWait: time.Hour}, now: time.Now}
	for retries, limit := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second} {
		r.retries = retries
		distinct := map[time.Duration]bool{}
		for range 200 {
			d, ok := r.delay(nil)
			require.True(t, ok)
			require.GreaterOrEqual(t, d, time.Duration(0))
			require.LessOrEqual(t, d, limit)
			distinct[d] = true
		}
		assert.Greater(t, len(distinct), 50, "waits are spread, not fixed (retry %d)", retries)
	}
	r.retries = 70 // a shift that would overflow is capped by MaxWait
	d, ok := r.delay(nil)
	assert.True(t, ok)
	assert.LessOrEqual(t, d, time.Second)
}

func TestRetryPolicyDefaults(t *testing.T) {
	p := DefaultRetryPolicy()
	assert.Equal(t, 5, p.MaxRetries)
	assert.Equal(t, RetryPolicy{MaxRetries: 3, MinWait: time.Second, MaxWait: time.Minute, MaxTotalWait: 3 * time.Minute},
		RetryPolicy{MaxRetries: 3}.withDefaults())
}

func TestTransientErrorsAreListed(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"connection reset", &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, true},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, true},
		{"body cut off", fmt.Errorf("reading response body: %w", io.ErrUnexpectedEOF), true},
		{"per-attempt timeout", fmt.Errorf("reading response body: %w", context.DeadlineExceeded), true},
		{"temporary DNS failure", &net.DNSError{Err: "server misbehaving", Name: "graph.test", IsTemporary: true}, true},
		{"DNS timeout", &net.DNSError{Err: "i/o timeout", Name: "graph.test", IsTimeout: true}, true},
		{"token endpoint busy", &TokenError{StatusCode: 503}, true},
		{"token endpoint unreachable", &TokenError{Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}, true},

		{"unknown host", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "graph.tset", IsNotFound: true}}, false},
		{"header with CR LF", errors.New(`net/http: invalid header field value for "Consistencylevel"`), false},
		{"unknown failure", errors.New("something else"), false},
		{"cancelled", fmt.Errorf("x: %w", context.Canceled), false},
		{"body too large", &bodyTooLargeError{limit: 10}, false},
		{"refused redirect", &redirectError{err: errors.New("stopped after 10 redirects")}, false},
		{"credential rejected", &TokenError{StatusCode: 401, Code: "invalid_client"}, false},
		{"token source failed", &TokenError{Err: errors.New("no managed identity")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, transientError(&url.Error{Op: "Get", URL: "https://graph.test/x", Err: tc.err}))
		})
	}
}

func TestMalformedHeaderIsNotRetried(t *testing.T) {
	var count atomic.Int32
	srv := listenOn(t, "127.0.0.1", http.HandlerFunc(func(http.ResponseWriter, *http.Request) { count.Add(1) }))
	s := &sleeps{}
	c, err := NewClient(WithBaseURL(srv.URL), withSleep(s.sleep))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.send(context.Background(), &outgoing{method: http.MethodGet, url: srv.URL + "/x",
		header: http.Header{"Consistencylevel": {"eventual\r\nAuthorization: Bearer stolen"}}})
	require.Error(t, err)
	assert.Contains(t, strings.ToLower(err.Error()), "consistencylevel")
	assert.Zero(t, count.Load(), "nothing was sent")
	assert.Empty(t, s.all(), "a request that cannot be sent is not retried")
}

func TestBackoffDoesNotOverflow(t *testing.T) {
	assert.Equal(t, time.Duration(math.MaxInt64), backoffLimit(time.Second, math.MaxInt64, 62))
	assert.Equal(t, time.Duration(math.MaxInt64), backoffLimit(time.Second, math.MaxInt64, 200))
	assert.Equal(t, time.Minute, backoffLimit(time.Second, time.Minute, 40), "saturates at MaxWait")
	assert.Equal(t, 8*time.Second, backoffLimit(time.Second, time.Minute, 3))
	assert.Equal(t, time.Duration(0), backoffLimit(0, time.Minute, 3))

	r := &retrier{policy: RetryPolicy{MaxRetries: 100, MinWait: time.Second, MaxWait: math.MaxInt64, MaxTotalWait: math.MaxInt64}, now: time.Now}
	for r.retries = 0; r.retries <= 100; r.retries++ {
		d, ok := r.delay(nil)
		require.True(t, ok)
		require.GreaterOrEqual(t, d, time.Duration(0), "retry %d", r.retries)
	}
}

func TestMaxRetriesIsBounded(t *testing.T) {
	_, err := NewClient(WithStaticToken("t"), WithRetry(RetryPolicy{MaxRetries: maxRetriesLimit + 1}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WithRetry")
	assert.Contains(t, err.Error(), "MaxRetries 101")
	_, err = NewClient(WithStaticToken("t"), WithRetry(RetryPolicy{MaxRetries: maxRetriesLimit, MaxWait: math.MaxInt64}))
	assert.NoError(t, err)
}
