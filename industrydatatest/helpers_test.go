package industrydatatest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go/industrydatatest"
)

// graph drives a Server with plain net/http, the way a test of the server's
// wire format must (the SDK is what the server checks, not what checks it).
type graph struct {
	t      *testing.T
	s      *industrydatatest.Server
	client *http.Client
	token  string
}

func newGraph(t *testing.T, opts ...industrydatatest.Option) *graph {
	t.Helper()
	s := industrydatatest.NewServerT(t, opts...)
	return &graph{t: t, s: s, client: &http.Client{Timeout: 10 * time.Second}, token: s.Token()}
}

// response is a fully read HTTP response.
type response struct {
	status int
	header http.Header
	raw    []byte
}

// obj decodes the body as a JSON object.
func (r response) obj(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.raw, &m), "body: %s", r.raw)
	return m
}

// url resolves a path relative to /beta/industryData; absolute URLs pass.
func (g *graph) url(path string) string {
	if strings.HasPrefix(path, "http") {
		return path
	}
	return g.s.BaseURL() + "/industryData" + path
}

// do sends a request with the bearer token; header pairs follow the body.
func (g *graph) do(method, path string, body any, header ...string) response {
	g.t.Helper()
	req := g.request(method, path, body, header...)
	if g.token != "" && req.Header.Get("Authorization") == "" {
		req.Header.Set("Authorization", "Bearer "+g.token)
	}
	return g.send(req)
}

func (g *graph) request(method, path string, body any, header ...string) *http.Request {
	g.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		require.NoError(g.t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, g.url(path), rd)
	require.NoError(g.t, err)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return req
}

func (g *graph) send(req *http.Request) response {
	g.t.Helper()
	resp, err := g.client.Do(req)
	require.NoError(g.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(g.t, err)
	return response{status: resp.StatusCode, header: resp.Header, raw: raw}
}

// query builds a raw query from name/value pairs: names stay literal ($),
// values are escaped as a careful client escapes them.
func query(pairs ...string) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		parts = append(parts, pairs[i]+"="+url.QueryEscape(pairs[i+1]))
	}
	return strings.Join(parts, "&")
}

// seed stores run groups and fails the test on error.
func (g *graph) seed(docs ...industrydatatest.Document) []string {
	g.t.Helper()
	ids, err := g.s.SeedRunGroups(docs...)
	require.NoError(g.t, err)
	return ids
}

// values returns the "value" array of a collection response.
func values(t *testing.T, r response) []map[string]any {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.raw)
	var body struct {
		Value []map[string]any `json:"value"`
	}
	require.NoError(t, json.Unmarshal(r.raw, &body))
	return body.Value
}

// names lists the displayName of each item.
func names(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["displayName"].(string)
	}
	return out
}

// graphError decodes Graph's error body and checks its shape.
func graphError(t *testing.T, r response, status int) (code, message string) {
	t.Helper()
	require.Equal(t, status, r.status, "body: %s", r.raw)
	require.Equal(t, "application/json", r.header.Get("Content-Type"))
	var body struct {
		Error struct {
			Code       string         `json:"code"`
			Message    string         `json:"message"`
			InnerError map[string]any `json:"innerError"`
		} `json:"error"`
	}
	require.NoError(t, json.Unmarshal(r.raw, &body), "body: %s", r.raw)
	inner := body.Error.InnerError
	require.NotNil(t, inner, "innerError missing: %s", r.raw)
	_, err := time.Parse("2006-01-02T15:04:05", inner["date"].(string))
	require.NoError(t, err, "innerError.date must have no zone")
	require.Equal(t, r.header.Get("request-id"), inner["request-id"])
	require.Equal(t, r.header.Get("client-request-id"), inner["client-request-id"])
	return body.Error.Code, body.Error.Message
}

// fakeClock is a settable time source for WithClock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 29, 4, 53, 18, 123456700, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
