package industrydata

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// connCounter tracks a test server's connections through http.Server.ConnState.
type connCounter struct {
	opened, closed atomic.Int32
}

func (cc *connCounter) track(_ net.Conn, s http.ConnState) {
	switch s {
	case http.StateNew:
		cc.opened.Add(1)
	case http.StateClosed, http.StateHijacked:
		cc.closed.Add(1)
	}
}

// countedServer starts handler on 127.0.0.1 and counts its connections.
func countedServer(t *testing.T, handler http.Handler) (*httptest.Server, *connCounter) {
	cc := &connCounter{}
	srv := httptest.NewUnstartedServer(handler)
	srv.Config.ConnState = cc.track
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, cc
}

// eventually polls cond for up to two seconds: connection teardown is asynchronous.
func eventually(t *testing.T, cond func() bool, msg string, args ...any) {
	t.Helper()
	require.Eventually(t, cond, 2*time.Second, 5*time.Millisecond, fmt.Sprintf(msg, args...))
}

// TestBodiesClosedUnderRetries sends calls whose attempts fail with bodies, one after
// another: if any body were left open, the next attempt would need a new connection.
func TestBodiesClosedUnderRetries(t *testing.T) {
	var n atomic.Int32
	big := strings.Repeat("x", 16<<10)
	srv, cc := countedServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		i := n.Add(1)
		switch {
		case r.URL.Path == "/fail":
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = fmt.Fprintf(w, `{"error":{"code":"ServiceUnavailable","message":"%s"}}`, big)
		case r.URL.Path == "/create":
			w.WriteHeader(http.StatusGatewayTimeout)
			_, _ = io.WriteString(w, big)
		case i%3 != 0:
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, big)
		default:
			_, _ = io.WriteString(w, `{"value":[]}`)
		}
	}))
	c, err := NewClient(WithBaseURL(srv.URL), WithStaticToken("t"), withSleep((&sleeps{}).sleep))
	require.NoError(t, err)
	ctx := context.Background()
	for range 5 {
		_, err := call(ctx, c, get(srv.URL+"/ok"))
		require.NoError(t, err)
	}
	_, err = c.send(ctx, get(srv.URL+"/fail"))
	require.ErrorContains(t, err, "503")
	_, err = c.send(ctx, &outgoing{method: http.MethodPost, url: srv.URL + "/create", body: []byte(`{}`)})
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	// A success body the caller closes without reading it all.
	resp, err := c.send(ctx, get(srv.URL+"/ok"))
	if err == nil {
		resp.Body.Close()
	}

	assert.Greater(t, n.Load(), int32(20))
	assert.Equal(t, int32(1), cc.opened.Load(), "every attempt reused the one connection")
	c.Close()
	eventually(t, func() bool { return cc.closed.Load() == cc.opened.Load() }, "Close released the idle connection")
}

// TestConcurrentUseThenClose shares one Client among 100 goroutines (run with -race),
// with token fetching, throttling and retries in play, then checks that Close leaves no
// connection and no goroutine behind.
func TestConcurrentUseThenClose(t *testing.T) {
	baseline := runtime.NumGoroutine()
	te := &tokenEndpoint{t: t, delay: 10 * time.Millisecond}
	tokenSrv, tokenConns := countedServer(t, te)
	var n atomic.Int32
	graphSrv, graphConns := countedServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok-1" {
			http.Error(w, "bad token", http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		if n.Add(1)%4 == 0 {
			w.Header().Set("Retry-After", "0.001")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"echo":%q}`, body)
	}))
	c, err := NewClient(WithClientCredentials("tenant-1", "client-1", "secret-value"), WithAuthorityHost(tokenSrv.URL),
		WithBaseURL(graphSrv.URL+"/beta"), WithRetry(RetryPolicy{MaxRetries: 10, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond}))
	require.NoError(t, err)

	var wg sync.WaitGroup
	var failures atomic.Int32
	for g := range 100 {
		wg.Go(func() {
			for i := range 3 {
				o := get(graphSrv.URL + "/beta/industryData/runGroups")
				want := `{"echo":""}`
				if i == 1 {
					payload := fmt.Sprintf(`{"displayName":"g%d"}`, g)
					o = &outgoing{method: http.MethodPost, url: graphSrv.URL + "/beta/industryData/runGroups", body: []byte(payload)}
					want = fmt.Sprintf(`{"echo":%q}`, payload)
				}
				body, err := call(context.Background(), c, o)
				if err != nil || body != want {
					failures.Add(1)
					t.Errorf("goroutine %d call %d: %q, %v", g, i, body, err)
				}
			}
		})
	}
	wg.Wait()
	assert.Zero(t, failures.Load())
	assert.Equal(t, int32(1), te.requests.Load())

	c.Close()
	eventually(t, func() bool { return graphConns.closed.Load() == graphConns.opened.Load() }, "graph connections closed")
	eventually(t, func() bool { return tokenConns.closed.Load() == tokenConns.opened.Load() }, "token connections closed")
	// With every connection gone, stopping the servers must bring the goroutine count back:
	// a client goroutine left behind (a connection loop, a token fetch) would keep it up.
	tokenSrv.Close()
	graphSrv.Close()
	// (Polled here, not with require.Eventually, whose own goroutines would be counted.)
	for deadline := time.Now().Add(2 * time.Second); runtime.NumGoroutine() > baseline && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines %d > baseline %d:\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}
}

func TestCloseIsSafeAndClientStaysUsable(t *testing.T) {
	srv, cc := countedServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{}`)
	}))
	c, err := NewClient(WithBaseURL(srv.URL), WithStaticToken("t"))
	require.NoError(t, err)
	_, err = call(context.Background(), c, get(srv.URL+"/a"))
	require.NoError(t, err)
	c.Close()
	c.Close()
	_, err = call(context.Background(), c, get(srv.URL+"/b"))
	require.NoError(t, err)
	assert.Equal(t, int32(2), cc.opened.Load(), "a new connection after Close")
	c.Close()
	eventually(t, func() bool { return cc.closed.Load() == 2 }, "both connections closed")
}

// cutOffFirst answers 200 with a declared body; the first answer breaks off halfway and
// drops the connection, later ones are whole. It counts requests.
func cutOffFirst(t *testing.T, count *atomic.Int32) *httptest.Server {
	const body = `{"id":"rg-1","displayName":"whole"}`
	return listenOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		n := count.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(http.StatusOK)
		if n == 1 {
			_, _ = io.WriteString(w, body[:10])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}
		_, _ = io.WriteString(w, body)
	}))
}

func TestSuccessBodyCutOffIsRetriedForIdempotentMethods(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPatch, http.MethodDelete} {
		t.Run(method, func(t *testing.T) {
			var count atomic.Int32
			srv := cutOffFirst(t, &count)
			c, err := NewClient(WithBaseURL(srv.URL), withSleep((&sleeps{}).sleep))
			require.NoError(t, err)
			defer c.Close()
			var body []byte
			if method == http.MethodPatch {
				body = []byte(`{"displayName":"whole"}`)
			}
			resp, err := c.send(context.Background(), &outgoing{method: method, url: srv.URL + "/x", body: body})
			require.NoError(t, err, "the cut-off body is a failed attempt, retried")
			got, err := c.readBody(resp)
			require.NoError(t, err)
			assert.JSONEq(t, `{"id":"rg-1","displayName":"whole"}`, string(got))
			assert.Equal(t, int32(2), count.Load())
		})
	}
}

func TestCreateWithBodyCutOffIsOutcomeUnknown(t *testing.T) {
	var count atomic.Int32
	srv := cutOffFirst(t, &count)
	c, err := NewClient(WithBaseURL(srv.URL), withSleep((&sleeps{}).sleep))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.send(context.Background(), &outgoing{method: http.MethodPost, url: srv.URL + "/x", body: []byte(`{}`)})
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, int32(1), count.Load(), "a create whose answer broke off is never repeated")
}

// bigBody serves size bytes of JSON-ish filler, with or without Content-Length.
func bigBody(t *testing.T, size int, declared bool, count *atomic.Int32) *httptest.Server {
	return listenOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		count.Add(1)
		if declared {
			w.Header().Set("Content-Length", fmt.Sprint(size))
		}
		chunk := strings.Repeat(" ", 4096)
		for n := 0; n < size; n += len(chunk) {
			if _, err := io.WriteString(w, chunk[:min(len(chunk), size-n)]); err != nil {
				return
			}
		}
	}))
}

func TestSuccessBodyOverLimitFailsAtOnce(t *testing.T) {
	const limit = 64 << 10
	for _, declared := range []bool{true, false} {
		t.Run(fmt.Sprint("declared=", declared), func(t *testing.T) {
			var count atomic.Int32
			srv := bigBody(t, 4*limit, declared, &count)
			s := &sleeps{}
			c, err := NewClient(WithBaseURL(srv.URL), WithMaxResponseSize(limit), withSleep(s.sleep))
			require.NoError(t, err)
			defer c.Close()
			_, err = c.send(context.Background(), get(srv.URL+"/x"))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "65536-byte limit")
			assert.Contains(t, err.Error(), "WithMaxResponseSize")
			assert.Contains(t, err.Error(), "GET "+srv.URL+"/x", "the error names the request")
			assert.Equal(t, int32(1), count.Load(), "the same body would come again: not retried")
			assert.Empty(t, s.all())
		})
	}
}

func TestSuccessBodyAtTheLimitIsRead(t *testing.T) {
	const limit = 64 << 10
	var count atomic.Int32
	srv := bigBody(t, limit, false, &count)
	c, err := NewClient(WithBaseURL(srv.URL), WithMaxResponseSize(limit))
	require.NoError(t, err)
	defer c.Close()
	resp, err := c.send(context.Background(), get(srv.URL+"/x"))
	require.NoError(t, err)
	body, err := c.readBody(resp)
	require.NoError(t, err)
	assert.Len(t, body, limit)
	assert.Equal(t, int64(limit), resp.ContentLength, "the buffered length is known to the builders")
}

func TestAnonymousDownloadIsStreamedNotBuffered(t *testing.T) {
	const limit = 64 << 10
	var count atomic.Int32
	srv := bigBody(t, 4*limit, false, &count)
	c, err := NewClient(WithBaseURL(srv.URL), WithMaxResponseSize(limit))
	require.NoError(t, err)
	defer c.Close()
	resp, err := c.send(context.Background(), &outgoing{method: http.MethodGet, url: srv.URL + "/file", anonymous: true})
	require.NoError(t, err)
	defer resp.Body.Close()
	_, buffered := resp.Body.(*bufferedBody)
	assert.False(t, buffered)
	n, err := io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
	assert.Equal(t, int64(4*limit), n, "a download is not bound by the decode limit")
}

func TestReadLimited(t *testing.T) {
	const limit = 1 << 20
	for _, tc := range []struct {
		name     string
		size     int
		declared int64
		tooLarge bool
	}{
		{"empty", 0, -1, false},
		{"small", 10, -1, false},
		{"at limit unknown length", limit, -1, false},
		{"at limit declared", limit, limit, false},
		{"one over unknown length", limit + 1, -1, true},
		{"declared over", 10, limit + 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := strings.Repeat("a", tc.size)
			got, err := readLimited(strings.NewReader(data), limit, tc.declared)
			if tc.tooLarge {
				_, ok := errorAs[*bodyTooLargeError](err)
				require.True(t, ok, "got %v", err)
				assert.Contains(t, err.Error(), "WithMaxResponseSize")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, data, string(got))
		})
	}
}

func TestReadLimitedGrowsSensibly(t *testing.T) {
	const limit, size = 4 << 20, 3 << 20
	got, err := readLimited(iotest{r: strings.NewReader(strings.Repeat("a", size))}, limit, -1)
	require.NoError(t, err)
	assert.Len(t, got, size)
	assert.LessOrEqual(t, cap(got), 2*size, "the buffer doubles, so it is never more than twice the body")
	assert.LessOrEqual(t, cap(got), limit, "and never more than the limit")

	got, err = readLimited(strings.NewReader(strings.Repeat("a", size)), limit, size)
	require.NoError(t, err)
	assert.Equal(t, size, cap(got), "a declared length is allocated once")
}

// iotest hides strings.Reader's WriterTo, so reads come in small pieces.
type iotest struct{ r io.Reader }

func (i iotest) Read(p []byte) (int, error) { return i.r.Read(p[:min(len(p), 1000)]) }
