package industrydata

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Client calls the Microsoft Graph industryData API. It holds the connection pool, the
// token cache and the retry policy, so create one per application (or per credential)
// and share it: it is safe for concurrent use, and every call takes its own context.
type Client struct {
	baseURL          string   // no trailing slash, e.g. "https://graph.microsoft.com/beta"
	base             *url.URL // baseURL parsed
	maxResponseBytes int64    // limit for success bodies the builders decode

	http      *http.Client    // redirects → per-attempt timeout → auth → trace → logging → transport
	owned     *http.Transport // the transport NewClient created; nil when the caller supplied one
	retry     RetryPolicy
	logger    *slog.Logger // nil: no logging
	userAgent string
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
}

// NewClient returns a Client configured by opts. A credential (WithClientCredentials,
// WithTokenSource or WithStaticToken) is required, except for a loopback base URL (a
// local test server); everything else has a default. Every invalid option is reported,
// each naming its option.
func NewClient(opts ...Option) (*Client, error) {
	var s settings
	var errs []error
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&s); err != nil {
			errs = append(errs, err)
		}
	}
	if err := s.inferCloud(); err != nil {
		errs = append(errs, err)
	}
	if len(s.creds) > 1 {
		errs = append(errs, fmt.Errorf("industrydata: %s: conflicts with %s; give one credential", s.creds[1].option, s.creds[0].option))
	}
	// Without a credential every call to Graph fails with 401; say so now, unless the
	// endpoint is a local test server that may not check tokens.
	if len(errs) == 0 && len(s.creds) == 0 && (s.baseURL == nil || !isLoopback(s.baseURL.Hostname())) {
		errs = append(errs, errors.New("industrydata: no credential: give WithClientCredentials, WithTokenSource or WithStaticToken"))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s.build(), nil
}

// build assembles the Client from validated settings.
func (s *settings) build() *Client {
	hosts, _ := s.cloud.hosts() // WithCloud accepted only known clouds
	base := s.baseURL
	if base == nil {
		base = &url.URL{Scheme: "https", Host: hosts.graph, Path: "/beta"}
	}
	c := &Client{
		baseURL:          base.String(),
		base:             base,
		maxResponseBytes: s.maxResponseBytes,
		retry:            DefaultRetryPolicy(),
		logger:           s.logger,
		userAgent:        sdkProduct,
		now:              s.now,
		sleep:            s.sleep,
	}
	if c.maxResponseBytes == 0 {
		c.maxResponseBytes = defaultMaxResponseSize
	}
	if s.retry != nil {
		c.retry = *s.retry
	}
	if s.userAgent != "" {
		c.userAgent += " " + s.userAgent
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	c.http, c.owned = s.httpStack(hosts, base, c.retry.PerAttemptTimeout, c.maxResponseBytes, c.now)
	return c
}

// httpStack builds the http.Client every call goes through, and returns the transport
// it created, if any. Outermost first: redirects (http.Client), success-body buffering,
// per-attempt timeout, auth, write tracing, logging, then the caller's or the SDK's
// transport. Buffering sits inside the retry loop and outside the per-attempt timeout,
// so a body that breaks off or hangs while being read is a failed attempt.
func (s *settings) httpStack(hosts cloudHosts, base *url.URL, attemptTimeout time.Duration, maxBody int64, now func() time.Time) (*http.Client, *http.Transport) {
	var owned *http.Transport
	var transport http.RoundTripper
	if s.httpClient != nil {
		transport = s.httpClient.Transport
		if transport == nil {
			transport = http.DefaultTransport
		}
	} else {
		owned = newTransport()
		transport = owned
	}
	if s.logger != nil {
		transport = &loggingTransport{next: transport, logger: s.logger}
	}
	var rt http.RoundTripper = &authTransport{
		next:    &traceTransport{next: transport},
		tokens:  s.tokenCache(hosts, transport, now),
		allowed: append(hostSet{endpointHost(base)}, s.allowedHosts...),
	}
	if attemptTimeout > 0 {
		rt = &attemptTimeoutTransport{next: rt, timeout: attemptTimeout}
	}
	rt = &bufferTransport{next: rt, limit: maxBody}
	hc := &http.Client{Transport: rt, CheckRedirect: checkRedirect(nil)}
	if s.httpClient != nil {
		hc.Jar, hc.Timeout = s.httpClient.Jar, s.httpClient.Timeout
		hc.CheckRedirect = checkRedirect(s.httpClient.CheckRedirect)
	}
	return hc, owned
}

// tokenCache builds the token source the one credential option asked for, or nil.
// Token requests go through transport (with logging) but not through the auth layer,
// and never follow redirects: a 307 would replay the client secret to another host.
func (s *settings) tokenCache(hosts cloudHosts, transport http.RoundTripper, now func() time.Time) *tokenCache {
	if len(s.creds) == 0 {
		return nil
	}
	cr := s.creds[0]
	var fetch tokenFunc
	switch {
	case cr.source != nil:
		fetch = sourceToken(cr.source)
	case cr.static != "":
		fetch = staticToken(cr.static)
	default:
		authority := s.authority
		if authority == nil {
			authority = &url.URL{Scheme: "https", Host: hosts.authority}
		}
		scopes := s.scopes
		if scopes == nil {
			scopes = []string{"https://" + hosts.graph + "/.default"}
		}
		hc := &http.Client{
			Transport:     transport,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
		if s.httpClient != nil {
			hc.Timeout = s.httpClient.Timeout
		}
		fetch = clientCredentialsToken(&clientcredentials.Config{
			ClientID:     cr.clientID,
			ClientSecret: cr.clientSecret,
			TokenURL:     authority.JoinPath(cr.tenantID, "oauth2", "v2.0", "token").String(),
			Scopes:       scopes,
			AuthStyle:    oauth2.AuthStyleInParams, // the identity platform's documented form; no probing
		}, hc)
	}
	return &tokenCache{fetch: fetch, now: now}
}

// clientCredentialsToken fetches tokens with cfg through hc, honouring ctx.
func clientCredentialsToken(cfg *clientcredentials.Config, hc *http.Client) tokenFunc {
	return func(ctx context.Context) (*oauth2.Token, error) {
		tok, err := cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
		if err != nil {
			return nil, newTokenError(err, cfg.ClientSecret)
		}
		return tok, nil
	}
}

// newTransport is the connection pool of a Client that was not given one. It has
// connect and handshake timeouts but no overall one: the caller's context governs.
func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// Close releases the idle connections of the transport NewClient created. A transport
// supplied with WithHTTPClient belongs to the caller and is left alone. The Client stays
// usable: later calls open new connections.
func (c *Client) Close() {
	if c.owned != nil {
		c.owned.CloseIdleConnections()
	}
}

// redirectError marks a redirect that was refused (too many, or by the caller's
// CheckRedirect): repeating the request would be refused again.
type redirectError struct{ err error }

func (e *redirectError) Error() string { return "redirect refused: " + e.err.Error() }
func (e *redirectError) Unwrap() error { return e.err }

// checkRedirect applies the caller's redirect policy (or Go's: at most 10) and marks
// refusals as permanent. A redirect that would change the method is refused: net/http
// follows a 301, 302 or 303 to a PATCH, DELETE or POST with a GET, whose 200 would
// otherwise be taken for the write's answer although the write was never applied.
// The token is not at risk here: the auth layer decides per request, so a redirect to
// another host goes without it.
func checkRedirect(caller func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		var err error
		switch {
		case len(via) > 0 && req.Method != via[0].Method:
			status := 0
			if req.Response != nil {
				status = req.Response.StatusCode
			}
			err = fmt.Errorf("the %s was answered %d, which would be followed with a %s and leave the %s unapplied; "+
				"only 307 and 308 redirects are followed for writes", via[0].Method, status, req.Method, via[0].Method)
		case caller != nil:
			err = caller(req, via)
		case len(via) >= 10:
			err = errors.New("stopped after 10 redirects")
		}
		if err == nil || err == http.ErrUseLastResponse {
			return err
		}
		return &redirectError{err: err}
	}
}

// outgoing is one logical call, as the builders describe it.
type outgoing struct {
	method    string
	url       string      // absolute; sent verbatim (escapes such as %27 are kept byte for byte)
	header    http.Header // extra headers (Prefer, ConsistencyLevel, ...); may be nil
	body      []byte      // JSON body; non-nil sets Content-Type: application/json; replayed exactly on retries
	anonymous bool        // never attach Authorization (pre-signed download URLs)
}

// callState is what the layers of one call share: the transports find it in the
// request's context, the retrier holds it.
type callState struct {
	anonymous bool
	attempt   atomic.Int32 // 1 for the first attempt
	wrote     atomic.Bool  // the current attempt's request was (maybe partly) written
	refreshed atomic.Bool  // the token was already refreshed after a 401
}

type callStateKey struct{}

// callStateFrom returns the call state of a request made by send, or nil.
func callStateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// traceTransport records, for the call, that a request was written to a connection:
// a POST that failed after that point may have been processed and is not retried.
// It sits below the auth layer so that token requests do not count.
type traceTransport struct{ next http.RoundTripper }

// RoundTrip implements http.RoundTripper.
func (t *traceTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if st := callStateFrom(req.Context()); st != nil {
		trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { st.wrote.Store(true) }}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	}
	return t.next.RoundTrip(req)
}

// send performs one logical call: headers, token, retries, logging. On 2xx it returns
// the response for the caller to close; its body was already read within the retry loop
// (up to maxResponseBytes), except for anonymous downloads, whose body is unread. On any other final status
// it reads the error body (up to maxErrorBody), closes it and returns the *Error. A POST
// whose outcome is unknown (500, 502 or 504 answered, or the connection lost after the
// request was written) is never retried and its error wraps ErrOutcomeUnknown.
func (c *Client) send(ctx context.Context, o *outgoing) (*http.Response, error) {
	u, err := url.Parse(o.url)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("industrydata: %s: request URL is not an absolute http(s) URL", o.method)
	}
	st := &callState{anonymous: o.anonymous}
	st.attempt.Store(1)
	var body any // untyped nil when there is no body
	if o.body != nil {
		body = o.body
	}
	req, err := retryablehttp.NewRequestWithContext(context.WithValue(ctx, callStateKey{}, st), o.method, o.url, body)
	if err != nil {
		return nil, fmt.Errorf("industrydata: %s %s: %w", o.method, redactURL(u), err)
	}
	c.setHeaders(req.Header, o)
	r := &retrier{
		policy: c.retry,
		sleep:  c.sleep,
		now:    c.now,
		logger: c.logger,
		method: o.method,
		url:    logURL(u),
		state:  st,
	}
	rc := &retryablehttp.Client{
		HTTPClient:   c.http,
		RetryMax:     c.retry.MaxRetries,
		CheckRetry:   r.check,
		Backoff:      func(time.Duration, time.Duration, int, *http.Response) time.Duration { return 0 },
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		PrepareRetry: r.prepare,
		// Logger stays nil: the library must not write to stderr; retrier and
		// loggingTransport log through the caller's slog.Logger.
	}
	resp, err := rc.Do(req)
	if err != nil {
		if resp != nil {
			drainAndClose(resp.Body)
		}
		return nil, c.failure(o, u, st, r.retries+1, err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return resp, nil
	}
	return nil, c.statusError(o, req.Header, resp)
}

// failure builds the error of a call that ended without a final response.
func (c *Client) failure(o *outgoing, u *url.URL, st *callState, attempts int, err error) error {
	cause := unwrapURLError(err)
	if o.method == http.MethodPost && st.wrote.Load() {
		return outcomeUnknown(o.method, redactURL(u), cause)
	}
	if attempts > 1 {
		return fmt.Errorf("industrydata: %s %s (%d attempts): %w", o.method, redactURL(u), attempts, cause)
	}
	return fmt.Errorf("industrydata: %s %s: %w", o.method, redactURL(u), cause)
}

// statusError reads and closes a non-success response and returns its *Error.
func (c *Client) statusError(o *outgoing, sent http.Header, resp *http.Response) error {
	e := newError(resp, maxErrorBody)
	drainAndClose(resp.Body)
	if e.ClientRequestID == "" {
		e.ClientRequestID = sent.Get("client-request-id")
	}
	if o.method == http.MethodPost {
		switch resp.StatusCode {
		case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
			return fmt.Errorf("%w: %w", ErrOutcomeUnknown, e)
		}
	}
	return e
}

// includeUnknownEnums asks Graph to send enum members added after unknownFutureValue
// instead of hiding them; the SDK's enums keep unknown members.
const includeUnknownEnums = "include-unknown-enum-members"

// setHeaders adds the SDK's headers to the caller's. Graph-specific ones (SdkVersion,
// Prefer, Accept) are not sent to pre-signed download URLs.
func (c *Client) setHeaders(h http.Header, o *outgoing) {
	for k, vs := range o.header {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	if h.Get("client-request-id") == "" {
		h.Set("client-request-id", newRequestID())
	}
	h.Set("User-Agent", c.userAgent)
	if o.body != nil && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	if o.anonymous {
		return
	}
	h.Set("SdkVersion", sdkProduct)
	if h.Get("Accept") == "" {
		h.Set("Accept", "application/json")
	}
	prefer := strings.Join(h.Values("Prefer"), ", ")
	switch {
	case prefer == "":
		h.Set("Prefer", includeUnknownEnums)
	case !strings.Contains(strings.ToLower(prefer), includeUnknownEnums):
		h.Set("Prefer", prefer+", "+includeUnknownEnums)
	default:
		h.Set("Prefer", prefer)
	}
}

// newRequestID returns a random (version 4) UUID for client-request-id.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// drainLimit is how much of an unwanted body is read so its connection can be reused;
// a longer body is abandoned with its connection.
const drainLimit = 64 << 10

// drainAndClose discards what is left of a body (up to drainLimit) and closes it.
func drainAndClose(body io.ReadCloser) {
	if body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(body, drainLimit))
	_ = body.Close()
}
