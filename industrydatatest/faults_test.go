package industrydatatest_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go/industrydatatest"
)

var createGroups = industrydatatest.Match{Method: "POST", Path: "/runGroups"}

// fresh makes every request use a new connection, so that net/http does not
// transparently retry an idempotent request after a reset.
func fresh(g *graph) {
	g.client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
}

// try sends a request and returns the transport error, if any, and the
// response with its body read (or the read error).
func (g *graph) try(ctx context.Context, method, path string, body any) (*http.Response, []byte, error) {
	g.t.Helper()
	req := g.request(method, path, body).WithContext(ctx)
	req.Header.Set("Authorization", "Bearer "+g.token)
	resp, err := g.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp, raw, err
}

func TestThrottleNthRequest(t *testing.T) {
	g := newGraph(t)
	rule := g.s.Fault(createGroups, industrydatatest.Nth(2), industrydatatest.Throttle("0.25"))

	assert.Equal(t, http.StatusCreated, g.do("POST", "/runGroups", map[string]any{"displayName": "1"}).status)
	assert.Equal(t, http.StatusOK, g.do("GET", "/runGroups", nil).status, "GET does not match")
	r := g.do("POST", "/runGroups", map[string]any{"displayName": "2"})
	code, msg := graphError(t, r, http.StatusTooManyRequests)
	assert.Equal(t, "TooManyRequests", code)
	assert.Equal(t, "Please retry again later.", msg)
	assert.Equal(t, "0.25", r.header.Get("Retry-After"))
	assert.Contains(t, string(r.raw), `"status":"429"`)
	assert.Equal(t, http.StatusCreated, g.do("POST", "/runGroups", map[string]any{"displayName": "3"}).status)

	assert.Equal(t, 3, rule.Seen())
	assert.Equal(t, 1, rule.Hits())
	assert.Equal(t, 2, g.s.CreateCount("runGroups"), "a throttled create is not committed")
	reqs := g.s.Requests()
	require.Len(t, reqs, 4)
	assert.Equal(t, "Status(429, Retry-After: 0.25)", reqs[2].Fault)
	assert.Empty(t, reqs[3].Fault)
}

func TestStatusFaults(t *testing.T) {
	for _, c := range []struct {
		fault industrydatatest.Fault
		code  int
		name  string
		retry string
	}{
		{industrydatatest.Status(500), 500, "InternalServerError", ""},
		{industrydatatest.Status(503), 503, "ServiceUnavailable", ""},
		{industrydatatest.Unavailable("3"), 503, "ServiceUnavailable", "3"},
		{industrydatatest.Status(504), 504, "GatewayTimeout", ""},
		{industrydatatest.Throttle(""), 429, "TooManyRequests", ""},
	} {
		t.Run(c.fault.String(), func(t *testing.T) {
			g := newGraph(t)
			g.s.Fault(industrydatatest.Match{}, industrydatatest.First(2), c.fault)
			for range 2 {
				r := g.do("GET", "/runGroups", nil)
				code, _ := graphError(t, r, c.code)
				assert.Equal(t, c.name, code)
				assert.Equal(t, c.retry, r.header.Get("Retry-After"))
			}
			assert.Equal(t, http.StatusOK, g.do("GET", "/runGroups", nil).status)
		})
	}
}

func TestResetConnectionDoesNotCommit(t *testing.T) {
	g := newGraph(t)
	fresh(g)
	g.s.Fault(createGroups, industrydatatest.Nth(1), industrydatatest.ResetConnection())
	_, _, err := g.try(context.Background(), "POST", "/runGroups", map[string]any{"displayName": "x"})
	require.Error(t, err)
	assert.Equal(t, 0, g.s.CreateCount("runGroups"))
	assert.Empty(t, g.s.RunGroups())
}

func TestCommitThenFailCommits(t *testing.T) {
	g := newGraph(t)
	g.s.Fault(createGroups, industrydatatest.Nth(1), industrydatatest.CommitThenFail(504))
	code, _ := graphError(t, g.do("POST", "/runGroups", map[string]any{"displayName": "x"}), http.StatusGatewayTimeout)
	assert.Equal(t, "GatewayTimeout", code)
	assert.Equal(t, 1, g.s.CreateCount("runGroups"), "the effect was applied before the failure")
	require.Len(t, g.s.RunGroups(), 1)
}

func TestCommitThenResetCommits(t *testing.T) {
	g := newGraph(t)
	fresh(g)
	g.s.Fault(createGroups, industrydatatest.Always(), industrydatatest.CommitThenReset())
	_, _, err := g.try(context.Background(), "POST", "/runGroups", map[string]any{"displayName": "x"})
	require.Error(t, err)
	assert.Equal(t, 1, g.s.CreateCount("runGroups"))
}

func TestTruncateBody(t *testing.T) {
	g := newGraph(t)
	fresh(g)
	seedMany(g, 20)
	g.s.Fault(industrydatatest.Match{Method: "GET"}, industrydatatest.Nth(1), industrydatatest.TruncateBody())
	resp, raw, err := g.try(context.Background(), "GET", "/runGroups", nil)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, resp.ContentLength, int64(2*len(raw)+int(resp.ContentLength)%2))

	g.s.Fault(createGroups, industrydatatest.Nth(1), industrydatatest.TruncateBody())
	_, _, err = g.try(context.Background(), "POST", "/runGroups", map[string]any{"displayName": "x"})
	require.Error(t, err)
	assert.Equal(t, 1, g.s.CreateCount("runGroups"), "the create behind a truncated answer is committed")
}

func TestLatencyHonoursClientDeadline(t *testing.T) {
	g := newGraph(t)
	g.s.Fault(industrydatatest.Match{}, industrydatatest.Nth(1), industrydatatest.Latency(time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := g.try(ctx, "GET", "/runGroups", nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	g.s.Fault(industrydatatest.Match{}, industrydatatest.Nth(2), industrydatatest.Latency(10*time.Millisecond))
	assert.Equal(t, http.StatusOK, g.do("GET", "/runGroups", nil).status, "a delayed request is served")
}

func TestTrickleTestsBodyTimeouts(t *testing.T) {
	g := newGraph(t)
	g.s.Fault(industrydatatest.Match{}, industrydatatest.Nth(1), industrydatatest.Trickle(10*time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	resp, raw, err := g.try(ctx, "GET", "/runGroups", nil)
	require.Error(t, err)
	require.NotNil(t, resp, "headers arrive at once; the body never completes")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotEmpty(t, raw)
	assert.Less(t, len(raw), 1<<20)
}

func TestCloseEndsHeldRequests(t *testing.T) {
	s := industrydatatest.NewServer()
	g := &graph{t: t, s: s, client: &http.Client{}, token: s.Token()}
	s.Fault(industrydatatest.Match{}, industrydatatest.Always(), industrydatatest.Trickle(5*time.Millisecond))
	done := make(chan error, 1)
	go func() {
		_, _, err := g.try(context.Background(), "GET", "/runGroups", nil)
		done <- err
	}()
	require.Eventually(t, func() bool { return len(s.Requests()) == 1 }, 5*time.Second, 5*time.Millisecond)
	s.Close()
	assert.Error(t, <-done)
}

func TestRandomFaultsAreReproducible(t *testing.T) {
	run := func() []string {
		g := newGraph(t)
		rule := g.s.RandomFaults(industrydatatest.Match{Method: "GET"}, 0.4, 7)
		for range 40 {
			g.do("GET", "/runGroups", nil)
		}
		var faults []string
		for _, r := range g.s.Requests() {
			faults = append(faults, r.Fault)
		}
		assert.Equal(t, 40, rule.Seen())
		assert.Greater(t, rule.Hits(), 5)
		assert.Less(t, rule.Hits(), 35)
		return faults
	}
	first, second := run(), run()
	assert.Equal(t, first, second)
	kinds := map[string]bool{}
	for _, f := range first {
		kinds[f] = true
	}
	assert.Len(t, kinds, 4, "none plus the three default kinds: %v", kinds)
}

func TestMatchPatterns(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{})
	g.s.Fault(industrydatatest.Match{Path: "/runGroups/*/getErrorsAndWarningsFile"}, industrydatatest.Always(), industrydatatest.Status(500))
	g.s.Fault(industrydatatest.Match{Path: "/runGroups/**", Method: "delete"}, industrydatatest.Always(), industrydatatest.Status(503))
	graphError(t, g.do("GET", "/runGroups/"+ids[0]+"/getErrorsAndWarningsFile()", nil), 500)
	graphError(t, g.do("GET", "/runGroups/"+ids[0]+"/getErrorsAndWarningsFile", nil), 500)
	graphError(t, g.do("DELETE", "/runGroups/"+ids[0], nil), 503)
	assert.Equal(t, http.StatusOK, g.do("GET", "/runGroups/"+ids[0], nil).status)
	assert.Equal(t, http.StatusOK, g.do("GET", "/runGroups/"+ids[0]+"/runs", nil).status)

	g.s.ClearFaults()
	assert.Equal(t, http.StatusNoContent, g.do("DELETE", "/runGroups/"+ids[0], nil).status)
}

func TestFaultOnTokenEndpointAndRemove(t *testing.T) {
	s := industrydatatest.NewServerT(t)
	rule := s.Fault(industrydatatest.Match{Path: "/*/oauth2/v2.0/token"}, industrydatatest.Always(), industrydatatest.Status(503))
	resp, err := http.PostForm(s.TokenURL(), tokenForm(s))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	rule.Remove()
	status, _, _ := postToken(t, s.TokenURL(), tokenForm(s))
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, 1, rule.Hits())
	assert.Equal(t, 2, s.TokenRequests())
}

func TestInvalidSchedulesPanic(t *testing.T) {
	s := industrydatatest.NewServerT(t)
	assert.Panics(t, func() { s.Fault(industrydatatest.Match{}, industrydatatest.Nth(0), industrydatatest.Status(500)) })
	assert.Panics(t, func() { industrydatatest.Status(200) })
	assert.Panics(t, func() { s.RandomFaults(industrydatatest.Match{}, 0, 1) })
	assert.Panics(t, func() { industrydatatest.Trickle(0) })
}
