package industrydata

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testBase is the Graph endpoint of the httpmock-based tests; nothing resolves it.
const testBase = "https://graph.test/beta"

// seen is one request as a mock or test server received it.
type seen struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// responder answers one request of a scripted exchange.
type responder = func(*http.Request) (*http.Response, error)

// mockGraph answers requests with a script, one responder per request, and records them.
type mockGraph struct {
	mu      sync.Mutex
	got     []seen
	replies []responder
}

// newMockGraph returns the script's recorder and an http.Client whose transport is an
// httpmock transport playing it.
func newMockGraph(replies ...responder) (*mockGraph, *http.Client) {
	m := &mockGraph{replies: replies}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(m.serve)
	return m, &http.Client{Transport: mt}
}

func (m *mockGraph) serve(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	m.mu.Lock()
	n := len(m.got)
	m.got = append(m.got, seen{Method: req.Method, URL: req.URL.String(), Header: req.Header.Clone(), Body: body})
	m.mu.Unlock()
	if n >= len(m.replies) {
		return nil, fmt.Errorf("unexpected request %d: %s %s", n+1, req.Method, req.URL)
	}
	resp, err := m.replies[n](req)
	if resp != nil {
		resp.Request = req
	}
	return resp, err
}

// requests returns what was received so far.
func (m *mockGraph) requests() []seen {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]seen(nil), m.got...)
}

// reply answers with status, body and header pairs.
func reply(status int, body string, headerPairs ...string) responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		if body != "" {
			resp.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i+1 < len(headerPairs); i += 2 {
			resp.Header.Set(headerPairs[i], headerPairs[i+1])
		}
		return resp, nil
	}
}

// graphError answers with a Graph error envelope.
func graphError(status int, code, message, requestID string, headerPairs ...string) responder {
	body := fmt.Sprintf(`{"error":{"code":%q,"message":%q,"innerError":{"date":"2026-01-02T03:04:05","request-id":%q}}}`, code, message, requestID)
	return reply(status, body, headerPairs...)
}

// failWith answers with a transport error instead of a response.
func failWith(err error) responder {
	return func(*http.Request) (*http.Response, error) { return nil, err }
}

// sleeps records the waits between retries instead of sleeping.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// mockClient returns a Client on testBase that sends through hc with a static token and
// records its waits.
func mockClient(t *testing.T, hc *http.Client, opts ...Option) (*Client, *sleeps) {
	t.Helper()
	s := &sleeps{}
	all := append([]Option{WithBaseURL(testBase), WithHTTPClient(hc), WithStaticToken("test-token"), withSleep(s.sleep)}, opts...)
	c, err := NewClient(all...)
	require.NoError(t, err)
	return c, s
}

// call sends o and returns the body of a success, closing it.
func call(ctx context.Context, c *Client, o *outgoing) (string, error) {
	resp, err := c.send(ctx, o)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// listenOn starts handler on a loopback address such as "127.0.0.2"; Linux routes all of
// 127.0.0.0/8 to the loopback interface.
func listenOn(t *testing.T, ip string, handler http.Handler) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	srv := httptest.NewUnstartedServer(handler)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestSendSetsGraphHeaders(t *testing.T) {
	m, hc := newMockGraph(reply(200, `{}`), reply(200, `{}`), reply(201, `{}`))
	c, _ := mockClient(t, hc, WithUserAgent("contoso-sync/2.1"))
	ctx := context.Background()

	_, err := call(ctx, c, &outgoing{method: http.MethodGet, url: testBase + "/industryData/runGroups"})
	require.NoError(t, err)
	_, err = call(ctx, c, &outgoing{method: http.MethodGet, url: testBase + "/industryData/runGroups",
		header: http.Header{"Prefer": {"odata.maxpagesize=50"}, "Client-Request-Id": {"caller-id"}}})
	require.NoError(t, err)
	_, err = call(ctx, c, &outgoing{method: http.MethodPost, url: testBase + "/industryData/runGroups", body: []byte(`{"displayName":"x"}`)})
	require.NoError(t, err)

	got := m.requests()
	require.Len(t, got, 3)
	first := got[0].Header
	assert.Equal(t, "Bearer test-token", first.Get("Authorization"))
	assert.Equal(t, "industrydata-go/"+Version, first.Get("SdkVersion"))
	assert.Equal(t, "industrydata-go/"+Version+" contoso-sync/2.1", first.Get("User-Agent"))
	assert.Equal(t, "include-unknown-enum-members", first.Get("Prefer"))
	assert.Equal(t, "application/json", first.Get("Accept"))
	assert.Empty(t, first.Get("Content-Type"), "no body, no content type")
	assert.Empty(t, first.Get("Retry-Attempt"))
	assert.Regexp(t, uuidV4, first.Get("client-request-id"))

	second := got[1].Header
	assert.Equal(t, []string{"odata.maxpagesize=50, include-unknown-enum-members"}, second.Values("Prefer"))
	assert.Equal(t, "caller-id", second.Get("client-request-id"), "a caller's id is kept")

	third := got[2]
	assert.Equal(t, "application/json", third.Header.Get("Content-Type"))
	assert.Equal(t, `{"displayName":"x"}`, string(third.Body))
	assert.Regexp(t, uuidV4, third.Header.Get("client-request-id"))
	assert.NotEqual(t, first.Get("client-request-id"), third.Header.Get("client-request-id"), "each call gets a fresh id")
}

func TestPreferNotDuplicated(t *testing.T) {
	m, hc := newMockGraph(reply(200, `{}`))
	c, _ := mockClient(t, hc)
	_, err := call(context.Background(), c, &outgoing{method: http.MethodGet, url: testBase + "/x",
		header: http.Header{"Prefer": {"Include-Unknown-Enum-Members", "odata.maxpagesize=5"}}})
	require.NoError(t, err)
	assert.Equal(t, "Include-Unknown-Enum-Members, odata.maxpagesize=5", m.requests()[0].Header.Get("Prefer"))
}

func TestAnonymousRequestCarriesNoGraphHeaders(t *testing.T) {
	m, hc := newMockGraph(reply(200, "a,b\n"))
	c, _ := mockClient(t, hc)
	body, err := call(context.Background(), c, &outgoing{method: http.MethodGet, url: testBase + "/files/report.csv?sig=abc",
		header: http.Header{"Authorization": {"Bearer smuggled"}}, anonymous: true})
	require.NoError(t, err)
	assert.Equal(t, "a,b\n", body)
	h := m.requests()[0].Header
	assert.Empty(t, h.Get("Authorization"), "anonymous calls never carry a token, even on the Graph host")
	assert.Empty(t, h.Get("SdkVersion"))
	assert.Empty(t, h.Get("Prefer"))
	assert.NotEmpty(t, h.Get("User-Agent"))
}

func TestSendReturnsErrorForNonSuccess(t *testing.T) {
	_, hc := newMockGraph(graphError(404, "ResourceNotFound", "runGroup 'x' was not found", "req-404"))
	c, _ := mockClient(t, hc)
	_, err := c.send(context.Background(), &outgoing{method: http.MethodGet, url: testBase + "/industryData/runGroups/x?$select=id"})
	require.Error(t, err)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 404, e.StatusCode)
	assert.Equal(t, "ResourceNotFound", e.Code)
	assert.Equal(t, "req-404", e.RequestID)
	assert.Regexp(t, uuidV4, e.ClientRequestID, "the id the SDK sent, when the response does not echo it")
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotContains(t, err.Error(), "$select", "the URL in the error carries no query")
}

func TestSendRejectsRelativeURL(t *testing.T) {
	_, hc := newMockGraph()
	c, _ := mockClient(t, hc)
	_, err := c.send(context.Background(), &outgoing{method: http.MethodGet, url: "/industryData/runGroups"})
	require.ErrorContains(t, err, "not an absolute http(s) URL")
}

// TestURLSentVerbatim proves that a nextLink's escapes reach the server byte for byte:
// Graph signs and compares skip tokens, so re-encoding %27 or %2F would break paging.
func TestURLSentVerbatim(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		lines = append(lines, r.RequestURI)
		mu.Unlock()
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL+"/beta"), WithStaticToken("t"))
	require.NoError(t, err)
	defer c.Close()

	paths := []string{
		"/beta/industryData/runGroups?$filter=displayName%20eq%20%27O%27%27Brien%27&$skiptoken=a%2Fb%3D%3D",
		"/beta/users/o%27brien%40contoso.com/a%2fb/%7E('x')/getErrorsAndWarningsFile()",
		"/beta/industryData/runGroups?$select=id,displayName&$top=5&$count=true",
		"/beta/x?",
	}
	for _, p := range paths {
		_, err := call(context.Background(), c, &outgoing{method: http.MethodGet, url: srv.URL + p})
		require.NoError(t, err)
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, paths, lines)
}

func TestNewClientDoesNotMutateCallerClient(t *testing.T) {
	transport := &http.Transport{}
	redirect := func(*http.Request, []*http.Request) error { return nil }
	hc := &http.Client{Transport: transport, CheckRedirect: redirect, Timeout: time.Minute}
	before := *hc
	c, err := NewClient(WithHTTPClient(hc), WithStaticToken("t"))
	require.NoError(t, err)
	assert.Same(t, transport, hc.Transport)
	assert.Equal(t, before.Timeout, hc.Timeout)
	assert.Equal(t, fmt.Sprintf("%p", before.CheckRedirect), fmt.Sprintf("%p", hc.CheckRedirect))
	assert.Nil(t, c.owned, "Close must not touch a caller's transport")
	assert.NotSame(t, hc, c.http)
	assert.Equal(t, time.Minute, c.http.Timeout, "the caller's own timeout is kept")
}

func TestClientFieldsForBuilders(t *testing.T) {
	c, err := NewClient(WithBaseURL("https://graph.microsoft.com/beta/"), WithStaticToken("t"))
	require.NoError(t, err)
	assert.Equal(t, "https://graph.microsoft.com/beta", c.baseURL)
	assert.Equal(t, "graph.microsoft.com", c.base.Host)
	assert.Equal(t, int64(32<<20), c.maxResponseBytes)
	assert.NotNil(t, c.owned)

	c, err = NewClient(WithMaxResponseSize(1<<10), WithStaticToken("t"))
	require.NoError(t, err)
	assert.Equal(t, int64(1<<10), c.maxResponseBytes)
}

func TestNoCredentialIsAnErrorExceptForLoopback(t *testing.T) {
	_, err := NewClient()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no credential")
	_, err = NewClient(WithBaseURL("https://graph.microsoft.us/beta"))
	require.Error(t, err)
	_, err = NewClient(WithBaseURL("http://127.0.0.1:8080/beta"))
	require.NoError(t, err, "a local test server may not check tokens")
	_, err = NewClient(WithClientCredentials("", "app", "s"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "no credential", "an invalid credential option is not also reported missing")
}

func TestNewRequestIDIsUUIDv4(t *testing.T) {
	ids := map[string]bool{}
	for range 100 {
		id := newRequestID()
		require.Regexp(t, uuidV4, id)
		ids[id] = true
	}
	assert.Len(t, ids, 100)
	assert.False(t, strings.Contains(newRequestID(), " "))
}

func TestRedirectThatChangesTheMethodIsRefused(t *testing.T) {
	type hit struct{ method, path string }
	var mu sync.Mutex
	var hits []hit
	srv := listenOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		hits = append(hits, hit{r.Method, r.URL.Path})
		mu.Unlock()
		if code, ok := strings.CutPrefix(r.URL.Path, "/moved/"); ok {
			var status int
			_, _ = fmt.Sscan(code, &status)
			http.Redirect(w, r, "/target", status)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	}))
	c, err := NewClient(WithBaseURL(srv.URL), withSleep((&sleeps{}).sleep))
	require.NoError(t, err)
	defer c.Close()
	for _, method := range []string{http.MethodPatch, http.MethodDelete, http.MethodPost} {
		for _, status := range []int{301, 302, 303, 307, 308} {
			t.Run(fmt.Sprint(method, status), func(t *testing.T) {
				mu.Lock()
				hits = nil
				mu.Unlock()
				_, err := call(context.Background(), c, &outgoing{method: method, url: fmt.Sprintf("%s/moved/%d", srv.URL, status), body: []byte(`{}`)})
				mu.Lock()
				defer mu.Unlock()
				if status == 307 || status == 308 {
					require.NoError(t, err)
					assert.Equal(t, []hit{{method, fmt.Sprintf("/moved/%d", status)}, {method, "/target"}}, hits, "the write itself is repeated")
					return
				}
				require.Error(t, err)
				assert.Contains(t, err.Error(), "redirect refused")
				assert.Contains(t, err.Error(), method)
				assert.Equal(t, []hit{{method, fmt.Sprintf("/moved/%d", status)}}, hits, "not followed with a GET, and not retried")
			})
		}
	}
	t.Run("GET301", func(t *testing.T) {
		_, err := call(context.Background(), c, get(srv.URL+"/moved/301"))
		assert.NoError(t, err, "a read may follow any redirect")
	})
}
