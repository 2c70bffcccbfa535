package reliability_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// fastRetry is the retry policy of the suite: Graph's rules with waits scaled down from
// seconds to milliseconds, so that thousands of injected faults cost seconds, not hours.
func fastRetry() industrydata.RetryPolicy {
	return industrydata.RetryPolicy{MaxRetries: 8, MinWait: time.Millisecond, MaxWait: 20 * time.Millisecond}
}

// newClient returns a client of srv that authenticates with client credentials against
// srv's token endpoint, as a job would against Graph, with fastRetry unless opts replace it.
func newClient(t testing.TB, srv *industrydatatest.Server, opts ...industrydata.Option) *industrydata.Client {
	t.Helper()
	c, err := srv.Client(append([]industrydata.Option{industrydata.WithRetry(fastRetry())}, opts...)...)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// figure logs one measurement line, "FIGURE <name> k=v k=v ...", for RELIABILITY.md.
func figure(t testing.TB, name string, kv ...any) {
	t.Helper()
	var b strings.Builder
	b.WriteString("FIGURE ")
	b.WriteString(name)
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, " %v=%v", kv[i], kv[i+1])
	}
	t.Log(b.String())
}

// logCapture is a Debug-level slog.Logger writing to memory, safe for concurrent use,
// so that a test can search everything the SDK logged.
type logCapture struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logCapture) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logCapture) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logCapture) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// count returns how many logged lines contain s.
func (l *logCapture) count(s string) int {
	return strings.Count(l.String(), s)
}

// requestCount counts the requests srv received with the given method whose escaped path
// ends with suffix (token requests have their own path and never match an API suffix).
func requestCount(srv *industrydatatest.Server, method, suffix string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// faultedCount counts the requests srv answered with an injected fault.
func faultedCount(reqs []industrydatatest.RecordedRequest) int {
	n := 0
	for _, r := range reqs {
		if r.Fault != "" {
			n++
		}
	}
	return n
}

// bearerTokens returns every distinct bearer token srv saw, for searching logs and
// errors for leaks.
func bearerTokens(reqs []industrydatatest.RecordedRequest) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range reqs {
		auth := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		if ok && tok != "" && !seen[tok] {
			seen[tok] = true
			out = append(out, tok)
		}
	}
	return out
}

// groupDocs returns n seed documents named g00000, g00001, ... in that order.
func groupDocs(n int) []industrydatatest.Document {
	docs := make([]industrydatatest.Document, n)
	for i := range docs {
		docs[i] = industrydatatest.Document{"displayName": fmt.Sprintf("g%05d", i), "status": "completed"}
	}
	return docs
}

// assertNoTokenIn fails if text contains any of the secrets; where names the text.
func assertNoTokenIn(t testing.TB, text string, secrets []string, where string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("%s contains a secret (%.8s…)", where, s)
		}
	}
}
