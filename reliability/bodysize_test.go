package reliability_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

const mb = 1 << 20

// pageStream is a run-group page of at least size bytes written from a generator, so a
// 50 MB body costs the test no 50 MB allocation. It counts what it managed to write.
type pageStream struct {
	size     int
	declared bool // send Content-Length (else chunked)
	status   int
	written  atomic.Int64
}

// item is one run group of about 1 KiB.
var item = `{"id":"00000000-0000-4000-8000-000000000000","displayName":"` + strings.Repeat("x", 900) + `","status":"completed"}`

func (p *pageStream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := (p.size - 20) / (len(item) + 1)
	total := len(`{"value":[`) + n*len(item) + (n - 1) + len(`]}`)
	w.Header().Set("Content-Type", "application/json")
	if p.declared {
		w.Header().Set("Content-Length", strconv.Itoa(total))
	}
	if p.status != 0 {
		w.WriteHeader(p.status)
	}
	write := func(s string) bool {
		k, err := io.WriteString(w, s)
		p.written.Add(int64(k))
		return err == nil
	}
	if !write(`{"value":[`) {
		return
	}
	for i := range n {
		if !write(item) || (i < n-1 && !write(",")) {
			return
		}
	}
	write(`]}`)
}

func streamClient(t *testing.T, h http.Handler, opts ...industrydata.Option) *industrydata.Client {
	t.Helper()
	ts := serveOn(t, "127.0.0.1", h)
	c, err := industrydata.NewClient(append([]industrydata.Option{industrydata.WithBaseURL(ts.URL),
		industrydata.WithStaticToken("stream-token"), industrydata.WithRetry(fastRetry())}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// TestFiveMegabytePageIsDecoded reads a 5 MB page under the default limit, and refuses
// it with a clear error under a 1 MiB limit.
func TestFiveMegabytePageIsDecoded(t *testing.T) {
	ctx := context.Background()
	p := &pageStream{size: 5 * mb, declared: true}
	n, err := countAll(streamClient(t, p).RunGroups().List().All(ctx))
	require.NoError(t, err)
	assert.Equal(t, (5*mb-20)/(len(item)+1), n)

	_, err = streamClient(t, &pageStream{size: 5 * mb, declared: true}, industrydata.WithMaxResponseSize(mb)).RunGroups().List().Page(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1048576-byte limit")
	assert.Contains(t, err.Error(), "WithMaxResponseSize")
	figure(t, "badinput/5MB", "items", n, "bytes", p.written.Load())
}

// TestFiftyMegabyteBodyStopsAtTheLimit streams 50 MB bodies, success and error, with and
// without Content-Length, and a 200 MB one. The client stops reading at its limit with an
// error that says so, the server could not push the whole body, and the allocations stay
// within a multiple of the limit whatever the body's size.
func TestFiftyMegabyteBodyStopsAtTheLimit(t *testing.T) {
	const body, limit = 50 * mb, 4 * mb
	ctx := context.Background()
	cases := []struct {
		name     string
		stream   *pageStream
		call     func(*industrydata.Client) error
		wantText string
	}{
		{"success-chunked", &pageStream{size: body}, func(c *industrydata.Client) error {
			_, err := c.RunGroups().List().Page(ctx)
			return err
		}, "4194304-byte limit"},
		{"success-chunked-200MB", &pageStream{size: 4 * body}, func(c *industrydata.Client) error {
			_, err := c.RunGroups().List().Page(ctx)
			return err
		}, "4194304-byte limit"},
		{"success-declared", &pageStream{size: body, declared: true}, func(c *industrydata.Client) error {
			_, err := c.RunGroups().ByID("g1").Get(ctx)
			return err
		}, "4194304-byte limit"},
		{"error-500", &pageStream{size: body, status: 500}, func(c *industrydata.Client) error {
			_, err := c.RunGroups().ByID("g1").Get(ctx)
			return err
		}, "500"},
		{"error-503-retried", &pageStream{size: body, status: 503, declared: true}, func(c *industrydata.Client) error {
			_, err := c.RunGroups().ByID("g1").Get(ctx)
			return err
		}, "503"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := streamClient(t, tc.stream, industrydata.WithMaxResponseSize(limit),
				industrydata.WithRetry(industrydata.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond}))
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := tc.call(c)
			runtime.ReadMemStats(&after)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantText)
			assert.Less(t, len(err.Error()), 1024)
			if tc.stream.status >= 400 {
				var ge *industrydata.Error
				assert.True(t, errors.As(err, &ge))
			}
			// Bounded by the limit, not by the body: reading a whole 50 MB body into memory
			// allocates far more than 50 MB, and the 200 MB body costs what the 50 MB one does.
			allocated := after.TotalAlloc - before.TotalAlloc
			assert.Less(t, allocated, uint64(10*limit), "allocated %d MiB under a %d MiB limit", allocated/mb, limit/mb)
			assert.Less(t, allocated, uint64(body), "allocated %d MiB for a %d MiB body", allocated/mb, body/mb)
			assert.Less(t, tc.stream.written.Load(), int64(body), "the client stopped reading")
			figure(t, "badinput/50MB/"+tc.name, "limit", limit, "serverWrote", tc.stream.written.Load(),
				"allocated", allocated, "heapInUseAfter", after.HeapInuse)
		})
	}
}

// TestSlowlorisIsBoundedByTheDeadline answers with a body that trickles one byte every
// few milliseconds and never ends. The caller's deadline ends the call with an error
// naming the request and wrapping context.DeadlineExceeded, for a page, an entity and
// the errors-file download.
func TestSlowlorisIsBoundedByTheDeadline(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	ids, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": "g", "status": "completed"})
	require.NoError(t, err)
	c := newClient(t, srv)
	trickle := industrydatatest.Trickle(2 * time.Millisecond)
	cases := []struct {
		name  string
		match industrydatatest.Match
		call  func(ctx context.Context) error
	}{
		{"page", industrydatatest.Match{Method: "GET", Path: "/runGroups"}, func(ctx context.Context) error {
			_, err := c.RunGroups().List().Page(ctx)
			return err
		}},
		{"entity", industrydatatest.Match{Method: "GET", Path: "/runGroups/*"}, func(ctx context.Context) error {
			_, err := c.RunGroups().ByID(ids[0]).Get(ctx)
			return err
		}},
		{"download", industrydatatest.Match{Path: "/files/*"}, func(ctx context.Context) error {
			_, err := c.RunGroups().ByID(ids[0]).DownloadErrorsAndWarningsFile(ctx, io.Discard)
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rule := srv.Fault(tc.match, industrydatatest.Always(), trickle)
			defer rule.Remove()
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Millisecond)
			defer cancel()
			err := tc.call(ctx)
			require.Error(t, err)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Contains(t, err.Error(), "http://127.0.0.1", "the error names the request")
			assert.Equal(t, 1, rule.Hits())
		})
	}
}

// TestTrickledAttemptIsAbandonedAndRetried relies on RetryPolicy.PerAttemptTimeout,
// documented as bounding each exchange "reading the response body included, so a hung
// connection is abandoned and retried": the first attempt trickles forever, the second
// answers, and the call succeeds.
func TestTrickledAttemptIsAbandonedAndRetried(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	_, err := srv.SeedRunGroups(groupDocs(3)...)
	require.NoError(t, err)
	policy := fastRetry()
	policy.PerAttemptTimeout = 50 * time.Millisecond
	c := newClient(t, srv, industrydata.WithRetry(policy))
	for _, path := range []string{"/runGroups", "/runGroups/*"} {
		t.Run(path, func(t *testing.T) {
			rule := srv.Fault(industrydatatest.Match{Method: "GET", Path: path}, industrydatatest.Nth(1), industrydatatest.Trickle(2*time.Millisecond))
			defer rule.Remove()
			var err error
			if path == "/runGroups" {
				var n int
				n, err = countAll(c.RunGroups().List().All(context.Background()))
				assert.Equal(t, 3, n)
			} else {
				_, err = c.RunGroups().ByID(srv.RunGroups()[0]["id"].(string)).Get(context.Background())
			}
			assert.NoError(t, err, "the hung attempt is abandoned and retried")
			assert.Equal(t, 1, rule.Hits())
		})
	}
	figure(t, "badinput/trickle-retried", "perAttemptTimeout", policy.PerAttemptTimeout, "requests", len(srv.Requests()))
}
