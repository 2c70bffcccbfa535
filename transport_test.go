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
