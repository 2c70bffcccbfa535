package industrydata

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// authRecorder is a server handler that records the Authorization header of each request.
type authRecorder struct {
	mu   sync.Mutex
	auth []string
	next http.HandlerFunc // optional: answers instead of 200 {}
}

func (a *authRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.auth = append(a.auth, r.Header.Get("Authorization"))
	a.mu.Unlock()
	if a.next != nil {
		a.next(w, r)
		return
	}
	_, _ = io.WriteString(w, `{}`)
}

func (a *authRecorder) seen() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.auth...)
}

// TestTokenNeverReachesAnotherHost runs Graph on 127.0.0.1 and "someone else" on
// 127.0.0.2 and on another port of 127.0.0.1, then tries every way the token could leak.
func TestTokenNeverReachesAnotherHost(t *testing.T) {
	other := &authRecorder{}
	otherSrv := listenOn(t, "127.0.0.2", other)
	otherPort := &authRecorder{}
	otherPortSrv := listenOn(t, "127.0.0.1", otherPort)

	graph := &authRecorder{}
	graph.next = func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/beta/redirect":
			http.Redirect(w, r, otherSrv.URL+"/landing?sig=abc", http.StatusFound)
		case "/beta/redirect307":
			http.Redirect(w, r, otherSrv.URL+"/landing", http.StatusTemporaryRedirect)
		default:
			_, _ = io.WriteString(w, `{}`)
		}
	}
	graphSrv := listenOn(t, "127.0.0.1", graph)

	c, err := NewClient(WithBaseURL(graphSrv.URL+"/beta"), WithStaticToken("secret-token"))
	require.NoError(t, err)
	defer c.Close()
	ctx := context.Background()

	// The Graph host gets the token (positive control).
	_, err = call(ctx, c, get(graphSrv.URL+"/beta/industryData/runGroups"))
	require.NoError(t, err)
	// A redirect from Graph to another host, GET and 307 POST.
	_, err = call(ctx, c, get(graphSrv.URL+"/beta/redirect"))
	require.NoError(t, err)
	_, err = call(ctx, c, &outgoing{method: http.MethodPost, url: graphSrv.URL + "/beta/redirect307", body: []byte(`{}`)})
	require.NoError(t, err)
	// A link that points at another host.
	_, err = call(ctx, c, get(otherSrv.URL+"/beta/industryData/runGroups?$skiptoken=x"))
	require.NoError(t, err)
	// A download URL, on another host and on the Graph host itself.
	_, err = call(ctx, c, &outgoing{method: http.MethodGet, url: otherSrv.URL + "/files/report.csv?sig=abc", anonymous: true})
	require.NoError(t, err)
	_, err = call(ctx, c, &outgoing{method: http.MethodGet, url: graphSrv.URL + "/files/report.csv", anonymous: true})
	require.NoError(t, err)
	// Same address, another port.
	_, err = call(ctx, c, get(otherPortSrv.URL+"/beta/x"))
	require.NoError(t, err)

	assert.Equal(t, []string{"Bearer secret-token", "Bearer secret-token", "Bearer secret-token", ""}, graph.seen())
	assert.Equal(t, []string{"", "", "", ""}, other.seen(), "127.0.0.2 never sees the token")
	assert.Equal(t, []string{""}, otherPort.seen(), "another port is another host")
}

func TestAllowedHostsReceiveTheToken(t *testing.T) {
	other := &authRecorder{}
	otherSrv := listenOn(t, "127.0.0.2", other)
	graphSrv := listenOn(t, "127.0.0.1", &authRecorder{})
	u, _ := url.Parse(otherSrv.URL)

	c, err := NewClient(WithBaseURL(graphSrv.URL), WithStaticToken("tok"), WithAllowedHosts(u.Host))
	require.NoError(t, err)
	defer c.Close()
	_, err = call(context.Background(), c, get(otherSrv.URL+"/x"))
	require.NoError(t, err)
	assert.Equal(t, []string{"Bearer tok"}, other.seen())
}

func TestTokenNotSentInClearText(t *testing.T) {
	m, hc := newMockGraph(reply(200, `{}`), reply(200, `{}`), reply(200, `{}`))
	c, _ := mockClient(t, hc, WithAllowedHosts("graph.test", "alias.test:8443"))
	ctx := context.Background()
	for _, u := range []string{"http://graph.test/beta/x", "https://graph.test:444/beta/x", "https://alias.test:8443/x"} {
		_, err := call(ctx, c, get(u))
		require.NoError(t, err)
	}
	got := m.requests()
	assert.Empty(t, got[0].Header.Get("Authorization"), "plain http to a remote host never carries the token")
	assert.Equal(t, "Bearer test-token", got[1].Header.Get("Authorization"), "an entry without port allows any port")
	assert.Equal(t, "Bearer test-token", got[2].Header.Get("Authorization"))
}

// tokenEndpoint is a loopback Microsoft identity platform that issues tok-1, tok-2, ...
type tokenEndpoint struct {
	t        *testing.T
	requests atomic.Int32
	mu       sync.Mutex
	forms    []url.Values
	delay    time.Duration
	fail     string // when set, answer this error body with 401
}

func (te *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/tenant-1/oauth2/v2.0/token" {
		http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusNotFound)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	n := te.requests.Add(1)
	te.mu.Lock()
	te.forms = append(te.forms, r.PostForm)
	te.mu.Unlock()
	if te.delay > 0 {
		time.Sleep(te.delay)
	}
	w.Header().Set("Content-Type", "application/json")
	if te.fail != "" {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, te.fail)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"token_type": "Bearer", "expires_in": 3599, "access_token": fmt.Sprintf("tok-%d", n)})
}

func (te *tokenEndpoint) lastForm() url.Values {
	te.mu.Lock()
	defer te.mu.Unlock()
	return te.forms[len(te.forms)-1]
}

// fakeClock is the token cache's clock, moved forward by tests.
type fakeClock struct{ offset atomic.Int64 }

func (f *fakeClock) now() time.Time          { return time.Now().Add(time.Duration(f.offset.Load())) }
func (f *fakeClock) advance(d time.Duration) { f.offset.Add(int64(d)) }

func TestClientCredentialsEndToEnd(t *testing.T) {
	te := &tokenEndpoint{t: t, delay: 20 * time.Millisecond}
	tokenSrv := listenOn(t, "127.0.0.1", te)
	graph := &authRecorder{}
	graphSrv := listenOn(t, "127.0.0.1", graph)
	clock := &fakeClock{}

	c, err := NewClient(
		WithClientCredentials("tenant-1", "client-1", "s3cr3t"),
		WithAuthorityHost(tokenSrv.URL),
		WithBaseURL(graphSrv.URL+"/beta"),
		withClock(clock.now),
	)
	require.NoError(t, err)
	defer c.Close()

	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 100 {
		wg.Go(func() {
			_, err := call(context.Background(), c, get(graphSrv.URL+"/beta/industryData/runGroups"))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), te.requests.Load(), "100 concurrent calls share one token request")
	form := te.lastForm()
	assert.Equal(t, "client_credentials", form.Get("grant_type"))
	assert.Equal(t, "client-1", form.Get("client_id"))
	assert.Equal(t, "s3cr3t", form.Get("client_secret"))
	assert.Equal(t, "https://graph.microsoft.com/.default", form.Get("scope"))
	for _, a := range graph.seen() {
		require.Equal(t, "Bearer tok-1", a)
	}

	// Near expiry the token is replaced before use.
	clock.advance(58 * time.Minute)
	_, err = call(context.Background(), c, get(graphSrv.URL+"/beta/x"))
	require.NoError(t, err)
	_, err = call(context.Background(), c, get(graphSrv.URL+"/beta/x"))
	require.NoError(t, err)
	assert.Equal(t, int32(2), te.requests.Load())
	seen := graph.seen()
	assert.Equal(t, []string{"Bearer tok-2", "Bearer tok-2"}, seen[len(seen)-2:])
}

func TestCloudSetsHostsAndScope(t *testing.T) {
	token := reply(200, `{"token_type":"Bearer","expires_in":3599,"access_token":"gov-token"}`)
	for _, tc := range []struct {
		opts                  []Option
		base, tokenURL, scope string
	}{
		{
			opts:     []Option{WithCloud(CloudUSGov)},
			base:     "https://graph.microsoft.us/beta",
			tokenURL: "https://login.microsoftonline.us/tenant-1/oauth2/v2.0/token",
			scope:    "https://graph.microsoft.us/.default",
		},
		{
			opts:     []Option{WithCloud(CloudUSGovDoD)},
			base:     "https://dod-graph.microsoft.us/beta",
			tokenURL: "https://login.microsoftonline.us/tenant-1/oauth2/v2.0/token",
			scope:    "https://dod-graph.microsoft.us/.default",
		},
		{
			opts:     []Option{WithCloud(CloudChina)},
			base:     "https://microsoftgraph.chinacloudapi.cn/beta",
			tokenURL: "https://login.chinacloudapi.cn/tenant-1/oauth2/v2.0/token",
			scope:    "https://microsoftgraph.chinacloudapi.cn/.default",
		},
		{
			opts:     nil,
			base:     "https://graph.microsoft.com/beta",
			tokenURL: "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token",
			scope:    "https://graph.microsoft.com/.default",
		},
		{ // the authority override and the cloud, in either order
			opts:     []Option{WithAuthorityHost("https://login.example.test/"), WithCloud(CloudUSGov)},
			base:     "https://graph.microsoft.us/beta",
			tokenURL: "https://login.example.test/tenant-1/oauth2/v2.0/token",
			scope:    "https://graph.microsoft.us/.default",
		},
		{
			opts:     []Option{WithCloud(CloudUSGov), WithAuthorityHost("https://login.example.test")},
			base:     "https://graph.microsoft.us/beta",
			tokenURL: "https://login.example.test/tenant-1/oauth2/v2.0/token",
			scope:    "https://graph.microsoft.us/.default",
		},
	} {
		m, hc := newMockGraph(token, reply(200, `{}`))
		opts := append([]Option{WithHTTPClient(hc), WithClientCredentials("tenant-1", "client-1", "secret-value")}, tc.opts...)
		c, err := NewClient(opts...)
		require.NoError(t, err)
		assert.Equal(t, tc.base, c.baseURL)
		_, err = call(context.Background(), c, get(c.baseURL+"/industryData/runGroups"))
		require.NoError(t, err)
		got := m.requests()
		require.Len(t, got, 2)
		assert.Equal(t, tc.tokenURL, got[0].URL)
		form, err := url.ParseQuery(string(got[0].Body))
		require.NoError(t, err)
		assert.Equal(t, tc.scope, form.Get("scope"))
		assert.Empty(t, got[0].Header.Get("Authorization"), "the secret travels in the form only")
		assert.Equal(t, "Bearer gov-token", got[1].Header.Get("Authorization"))
	}
}

func TestTokenErrorSaysWhyNeverTheSecret(t *testing.T) {
	const secret = "Sup3r~Secret.Value"
	te := &tokenEndpoint{t: t, fail: `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Got ` + secret + `. Trace ID: 0000","error_codes":[7000215]}`}
	tokenSrv := listenOn(t, "127.0.0.1", te)
	graph := &authRecorder{}
	graphSrv := listenOn(t, "127.0.0.1", graph)
	c, err := NewClient(WithClientCredentials("tenant-1", "client-1", secret), WithAuthorityHost(tokenSrv.URL),
		WithBaseURL(graphSrv.URL), withSleep((&sleeps{}).sleep))
	require.NoError(t, err)
	defer c.Close()

	_, err = c.send(context.Background(), &outgoing{method: http.MethodPost, url: graphSrv.URL + "/x", body: []byte(`{}`)})
	require.Error(t, err)
	te2, ok := errorAs[*TokenError](err)
	require.True(t, ok, "got %T: %v", err, err)
	assert.Equal(t, 401, te2.StatusCode)
	assert.Equal(t, "invalid_client", te2.Code)
	assert.Contains(t, err.Error(), "token request failed")
	assert.Contains(t, err.Error(), "invalid_client")
	assert.Contains(t, err.Error(), "AADSTS7000215")
	assert.NotContains(t, err.Error(), secret)
	assert.NotContains(t, fmt.Sprintf("%+v", te2), secret)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing reached Graph")
	assert.Equal(t, int32(1), te.requests.Load(), "a rejected credential is asked once, not retried or probed")
	assert.Empty(t, graph.seen())
}

func TestUnavailableTokenEndpointIsRetried(t *testing.T) {
	var n atomic.Int32
	tokenSrv := listenOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"error":"temporarily_unavailable","error_description":"AADSTS90033: busy"}`)
			return
		}
		_, _ = io.WriteString(w, `{"token_type":"Bearer","expires_in":3599,"access_token":"late"}`)
	}))
	graph := &authRecorder{}
	graphSrv := listenOn(t, "127.0.0.1", graph)
	s := &sleeps{}
	c, err := NewClient(WithClientCredentials("tenant-1", "client-1", "secret-value"), WithAuthorityHost(tokenSrv.URL),
		WithBaseURL(graphSrv.URL), withSleep(s.sleep))
	require.NoError(t, err)
	defer c.Close()
	_, err = call(context.Background(), c, &outgoing{method: http.MethodPost, url: graphSrv.URL + "/x", body: []byte(`{}`)})
	require.NoError(t, err)
	assert.Equal(t, int32(2), n.Load())
	assert.Len(t, s.all(), 1)
	assert.Equal(t, []string{"Bearer late"}, graph.seen(), "Graph saw one create")
}

func TestTokenEndpointRedirectIsNotFollowed(t *testing.T) {
	elsewhere := &authRecorder{}
	elsewhereSrv := listenOn(t, "127.0.0.2", elsewhere)
	tokenSrv := listenOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhereSrv.URL+"/steal", http.StatusTemporaryRedirect)
	}))
	c, err := NewClient(WithClientCredentials("tenant-1", "client-1", "s"), WithAuthorityHost(tokenSrv.URL), WithBaseURL(tokenSrv.URL))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.send(context.Background(), get(tokenSrv.URL+"/x"))
	_, ok := errorAs[*TokenError](err)
	require.True(t, ok, "got %v", err)
	assert.Empty(t, elsewhere.seen(), "the form with the secret is never replayed to another host")
}

// rejecting answers 401 to the listed tokens and 200 to others, recording bodies.
type rejecting struct {
	authRecorder
	mu     sync.Mutex
	reject map[string]bool
	bodies []string
}

func newRejecting() *rejecting {
	r := &rejecting{reject: map[string]bool{}}
	r.next = func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies = append(r.bodies, string(b))
		bad := r.reject[req.Header.Get("Authorization")]
		r.mu.Unlock()
		if bad {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}`)
			return
		}
		_, _ = io.WriteString(w, `{}`)
	}
	return r
}

func (r *rejecting) rejectToken(auth string) {
	r.mu.Lock()
	r.reject[auth] = true
	r.mu.Unlock()
}

func credentialClient(t *testing.T, tokenURL, graphURL string, clock *fakeClock) *Client {
	c, err := NewClient(WithClientCredentials("tenant-1", "client-1", "s"), WithAuthorityHost(tokenURL),
		WithBaseURL(graphURL), withClock(clock.now), withSleep((&sleeps{}).sleep))
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

func TestUnauthorizedRefreshesOnceAndReplays(t *testing.T) {
	te := &tokenEndpoint{t: t}
	tokenSrv := listenOn(t, "127.0.0.1", te)
	graph := newRejecting()
	graphSrv := listenOn(t, "127.0.0.1", graph)
	clock := &fakeClock{}
	c := credentialClient(t, tokenSrv.URL, graphSrv.URL, clock)
	ctx := context.Background()

	_, err := call(ctx, c, get(graphSrv.URL+"/x"))
	require.NoError(t, err)
	// Graph revokes tok-1 although it has not expired by our clock.
	clock.advance(time.Minute)
	graph.rejectToken("Bearer tok-1")
	_, err = call(ctx, c, &outgoing{method: http.MethodPost, url: graphSrv.URL + "/x", body: []byte(`{"n":1}`)})
	require.NoError(t, err)

	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-2"}, graph.seen())
	assert.Equal(t, []string{"", `{"n":1}`, `{"n":1}`}, graph.bodies, "the replay carries the same body")
	assert.Equal(t, int32(2), te.requests.Load())
}

func TestUnauthorizedRefreshesAtMostOnce(t *testing.T) {
	te := &tokenEndpoint{t: t}
	tokenSrv := listenOn(t, "127.0.0.1", te)
	graph := newRejecting()
	graphSrv := listenOn(t, "127.0.0.1", graph)
	clock := &fakeClock{}
	c := credentialClient(t, tokenSrv.URL, graphSrv.URL, clock)
	for i := 1; i <= 5; i++ {
		graph.rejectToken(fmt.Sprintf("Bearer tok-%d", i))
	}

	// A token rejected however fresh is replaced once; the replacement, rejected too,
	// is not replaced again within the call.
	_, err := c.send(context.Background(), get(graphSrv.URL+"/x"))
	require.ErrorIs(t, err, ErrUnauthorized)
	e, _ := errorAs[*Error](err)
	assert.Equal(t, "InvalidAuthenticationToken", e.Code)
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-2"}, graph.seen(), "one refresh, one replay")
	assert.Equal(t, int32(2), te.requests.Load())

	// No storm: a replacement Graph rejects again within the cooldown is kept.
	clock.advance(tokenRejectCooldown - time.Second)
	_, err = c.send(context.Background(), get(graphSrv.URL+"/x"))
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-2", "Bearer tok-2"}, graph.seen(), "the replacement is not replaced within the cooldown")
	assert.Equal(t, int32(2), te.requests.Load())

	// After the cooldown, asking once more is worth it.
	clock.advance(2 * time.Second)
	_, err = c.send(context.Background(), get(graphSrv.URL+"/x"))
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-2", "Bearer tok-2", "Bearer tok-2", "Bearer tok-3"}, graph.seen())
	assert.Equal(t, int32(3), te.requests.Load())
}

func TestFreshTokenRejectedAfterAcceptedReplacementIsReplaced(t *testing.T) {
	te := &tokenEndpoint{t: t}
	tokenSrv := listenOn(t, "127.0.0.1", te)
	graph := newRejecting()
	graphSrv := listenOn(t, "127.0.0.1", graph)
	clock := &fakeClock{}
	c := credentialClient(t, tokenSrv.URL, graphSrv.URL, clock)
	ctx := context.Background()

	_, err := call(ctx, c, get(graphSrv.URL+"/x"))
	require.NoError(t, err)
	// Graph stops accepting tok-1 a second after it was fetched: it is still replaced.
	clock.advance(time.Second)
	graph.rejectToken("Bearer tok-1")
	_, err = call(ctx, c, get(graphSrv.URL+"/x"))
	require.NoError(t, err)
	assert.Equal(t, []string{"Bearer tok-1", "Bearer tok-1", "Bearer tok-2"}, graph.seen())
	assert.Equal(t, int32(2), te.requests.Load())
}

func TestConcurrentUnauthorizedShareOneRefresh(t *testing.T) {
	te := &tokenEndpoint{t: t, delay: 10 * time.Millisecond}
	tokenSrv := listenOn(t, "127.0.0.1", te)
	graph := newRejecting()
	graphSrv := listenOn(t, "127.0.0.1", graph)
	clock := &fakeClock{}
	c := credentialClient(t, tokenSrv.URL, graphSrv.URL, clock)
	_, err := call(context.Background(), c, get(graphSrv.URL+"/warm"))
	require.NoError(t, err)
	clock.advance(time.Minute)
	graph.rejectToken("Bearer tok-1")

	var wg sync.WaitGroup
	var failures atomic.Int32
	for range 20 {
		wg.Go(func() {
			if _, err := call(context.Background(), c, get(graphSrv.URL+"/x")); err != nil {
				failures.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Zero(t, failures.Load())
	assert.Equal(t, int32(2), te.requests.Load(), "twenty 401s cause one token request")
}

func TestStaticTokenRejectedIsNotReplayed(t *testing.T) {
	m, hc := newMockGraph(graphError(401, "InvalidAuthenticationToken", "expired", "req-1"))
	c, _ := mockClient(t, hc, withClock((&fakeClock{}).now))
	_, err := c.send(context.Background(), get(testBase+"/x"))
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.Len(t, m.requests(), 1, "the same token would be rejected again")
}

func TestTokenSourceOption(t *testing.T) {
	m, hc := newMockGraph(reply(200, `{}`))
	c, err := NewClient(WithBaseURL(testBase), WithHTTPClient(hc),
		WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "from-source", TokenType: "bearer"})))
	require.NoError(t, err)
	_, err = call(context.Background(), c, get(testBase+"/x"))
	require.NoError(t, err)
	assert.Equal(t, "Bearer from-source", m.requests()[0].Header.Get("Authorization"))

	failing := oauth2.ReuseTokenSource(nil, tokenSourceFunc(func() (*oauth2.Token, error) {
		return nil, &oauth2.RetrieveError{ErrorCode: "invalid_grant", ErrorDescription: "AADSTS70008: expired"}
	}))
	c, err = NewClient(WithBaseURL(testBase), WithHTTPClient(hc), WithTokenSource(failing))
	require.NoError(t, err)
	_, err = c.send(context.Background(), get(testBase+"/x"))
	te, ok := errorAs[*TokenError](err)
	require.True(t, ok, "got %v", err)
	assert.Equal(t, "invalid_grant", te.Code)
	assert.Len(t, m.requests(), 1, "no request without a token")
}

type tokenSourceFunc func() (*oauth2.Token, error)

func (f tokenSourceFunc) Token() (*oauth2.Token, error) { return f() }

func TestTokenCacheWaiterSurvivesCancelledFetcher(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	cache := &tokenCache{now: time.Now, fetch: func(ctx context.Context) (*oauth2.Token, error) {
		if calls.Add(1) == 1 {
			<-ctx.Done() // the first caller gives up mid-fetch
			return nil, &TokenError{Err: ctx.Err()}
		}
		<-release
		return &oauth2.Token{AccessToken: "second"}, nil
	}}
	ctx1, cancel1 := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() { _, err := cache.token(ctx1); first <- err }()
	for calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	second := make(chan string, 1)
	go func() {
		tok, err := cache.token(context.Background())
		if err != nil {
			second <- err.Error()
			return
		}
		second <- tok.AccessToken
	}()
	cancel1()
	require.ErrorIs(t, <-first, context.Canceled)
	close(release)
	assert.Equal(t, "second", <-second)
}

func TestTokenCacheReportsEmptyTokenAndSurvivesPanic(t *testing.T) {
	var calls atomic.Int32
	cache := &tokenCache{now: time.Now, fetch: func(context.Context) (*oauth2.Token, error) {
		switch calls.Add(1) {
		case 1:
			return &oauth2.Token{}, nil
		case 2:
			panic("broken token source")
		}
		return &oauth2.Token{AccessToken: "ok"}, nil
	}}
	_, err := cache.token(context.Background())
	require.ErrorContains(t, err, "empty access token")
	require.Panics(t, func() { _, _ = cache.token(context.Background()) })
	tok, err := cache.token(context.Background())
	require.NoError(t, err, "a panicking fetch does not leave the cache blocked")
	assert.Equal(t, "ok", tok.AccessToken)
}

func TestParseHostEntry(t *testing.T) {
	for in, want := range map[string]hostEntry{
		"graph.microsoft.com":     {host: "graph.microsoft.com"},
		"Graph.Microsoft.com:443": {host: "graph.microsoft.com", port: "443"},
		"127.0.0.2:8080":          {host: "127.0.0.2", port: "8080"},
		"[::1]:80":                {host: "::1", port: "80"},
		"[::1]":                   {host: "::1"},
		"::1":                     {host: "::1"},
	} {
		got, err := parseHostEntry(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "https://graph.microsoft.com", "graph.microsoft.com/beta", "*.microsoft.com", "host:0", "host:x", "a:b:c", ":443", "user@host"} {
		_, err := parseHostEntry(bad)
		assert.Error(t, err, bad)
	}
}
