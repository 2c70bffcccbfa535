package industrydata

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// TokenError reports that no access token could be obtained, so the request was never
// sent to Graph. It carries the identity platform's verdict (for example invalid_client
// with an AADSTS description) and never the client secret or the raw token response.
// A rejected credential is not retried; an unreachable or failing (429, 5xx) token
// endpoint is, under the same RetryPolicy as Graph calls.
type TokenError struct {
	// StatusCode is the token endpoint's HTTP status, or 0 when it did not answer.
	StatusCode int
	// Code is the OAuth 2.0 error code ("invalid_client", "unauthorized_client", ...).
	Code string
	// Description is the identity platform's explanation, usually starting with an
	// AADSTS code and carrying a trace and correlation ID.
	Description string
	// Err is the underlying failure when the endpoint could not be reached or the token
	// source failed in another way (a network error, a cancelled context).
	Err error
}

// Error says that the token request failed and why.
func (e *TokenError) Error() string {
	var b strings.Builder
	b.WriteString("token request failed")
	if e.StatusCode != 0 {
		b.WriteString(" (HTTP ")
		b.WriteString(strconv.Itoa(e.StatusCode))
		b.WriteByte(')')
	}
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	if e.Description != "" {
		b.WriteString(": ")
		b.WriteString(strings.Join(strings.Fields(e.Description), " "))
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying failure, so errors.Is(err, context.DeadlineExceeded) works.
func (e *TokenError) Unwrap() error { return e.Err }

// newTokenError turns what a token source returned into a *TokenError. An
// *oauth2.RetrieveError is reduced to its status, code and description: it is not kept,
// because its Response still references the token request and its form (with the secret).
// Any occurrence of secret in the text is masked (short strings are not: masking them
// would garble the message, and no real client secret is that short).
func newTokenError(err error, secret string) *TokenError {
	if te, ok := errorAs[*TokenError](err); ok {
		return te
	}
	e := &TokenError{}
	if re, ok := errorAs[*oauth2.RetrieveError](err); ok {
		e.Code, e.Description = re.ErrorCode, re.ErrorDescription
		if re.Response != nil {
			e.StatusCode = re.Response.StatusCode
		}
	} else {
		e.Err = err
	}
	if len(secret) >= 8 {
		e.Code = strings.ReplaceAll(e.Code, secret, "REDACTED")
		e.Description = strings.ReplaceAll(e.Description, secret, "REDACTED")
		if e.Err != nil && strings.Contains(e.Err.Error(), secret) {
			e.Err = errors.New(strings.ReplaceAll(e.Err.Error(), secret, "REDACTED"))
		}
	}
	return e
}

// tokenFunc gets a new token, honouring ctx where the source allows it.
type tokenFunc func(ctx context.Context) (*oauth2.Token, error)

const (
	// tokenRefreshMargin is how long before expiry a token is replaced, so that it does not
	// expire between being attached and reaching Graph (clock skew, slow uploads).
	tokenRefreshMargin = 5 * time.Minute
	// tokenRejectCooldown protects the identity platform from a storm: a token that was
	// itself fetched to replace a rejected one, and that Graph rejects again within this
	// time, is not replaced, because a new one would most likely be rejected for the same
	// reason (wrong audience, missing permission). A token Graph rejects after having
	// accepted or without such history is always replaced once.
	tokenRejectCooldown = 30 * time.Second
)

// tokenCache shares one token among all requests of a Client. Concurrent callers that
// find no valid token wait for a single fetch instead of each asking the identity
// platform; a token Graph rejects can be dropped once so the next caller fetches anew.
type tokenCache struct {
	fetch tokenFunc
	now   func() time.Time

	mu          sync.Mutex
	tok         *oauth2.Token
	fetchedAt   time.Time
	refreshAt   time.Time // zero: keep until rejected
	replacement bool      // tok was fetched because Graph rejected its predecessor
	replacing   bool      // the next fetch replaces a rejected token
	inflight    *tokenFetch
}

// tokenFetch is one fetch in progress; waiters read tok and err once done is closed.
type tokenFetch struct {
	done chan struct{}
	tok  *oauth2.Token
	err  error
}

// token returns the cached token, or fetches one. A caller whose context ends while it
// waits for another caller's fetch returns at once; if the fetch fails only because
// its own caller's context ended, a waiter still alive fetches with its own context.
func (c *tokenCache) token(ctx context.Context) (*oauth2.Token, error) {
	for {
		c.mu.Lock()
		if c.tok != nil && (c.refreshAt.IsZero() || c.now().Before(c.refreshAt)) {
			tok := c.tok
			c.mu.Unlock()
			return tok, nil
		}
		f := c.inflight
		if f == nil {
			f = &tokenFetch{done: make(chan struct{})}
			c.inflight = f
			c.mu.Unlock()
			c.run(ctx, f)
			return f.tok, f.err
		}
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, &TokenError{Err: ctx.Err()}
		}
		if f.err == nil {
			return f.tok, nil
		}
		if ctx.Err() == nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) {
			continue
		}
		return nil, f.err
	}
}

// run performs fetch f and publishes its result, even if the token source panics, so
// that waiters are never left blocked.
func (c *tokenCache) run(ctx context.Context, f *tokenFetch) {
	fetchedAt := c.now()
	f.err = &TokenError{Description: "the token source panicked"} // replaced unless it does
	defer func() {
		c.mu.Lock()
		c.inflight = nil
		if f.err == nil {
			c.tok, c.fetchedAt, c.refreshAt = f.tok, fetchedAt, refreshTime(f.tok, fetchedAt)
			c.replacement, c.replacing = c.replacing, false
		}
		c.mu.Unlock()
		close(f.done)
	}()
	tok, err := c.fetch(ctx)
	if err == nil && (tok == nil || tok.AccessToken == "") {
		tok, err = nil, &TokenError{Description: "the token source returned an empty access token"}
	}
	f.tok, f.err = tok, err
}

// refreshTime is when a token fetched at fetchedAt (on the cache's clock) should be
// replaced: a margin before expiry, at most half its lifetime. Token sources set Expiry
// with the wall clock, so the lifetime is measured on it.
func refreshTime(tok *oauth2.Token, fetchedAt time.Time) time.Time {
	if tok.Expiry.IsZero() {
		return time.Time{}
	}
	life := time.Until(tok.Expiry)
	return fetchedAt.Add(life - min(tokenRefreshMargin, life/2))
}

// rejected records that Graph answered 401 to a request that carried used. It drops
// the cached token if it is still cached, unless that token already replaced a rejected
// one less than tokenRejectCooldown ago, and reports whether asking for a token again
// may give a different one.
func (c *tokenCache) rejected(used string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok == nil || c.tok.AccessToken != used {
		return true // already replaced, or being replaced by another caller
	}
	if c.replacement && c.now().Sub(c.fetchedAt) < tokenRejectCooldown {
		return false
	}
	c.tok, c.replacing = nil, true
	return true
}

// staticToken is the token source of WithStaticToken.
func staticToken(token string) tokenFunc {
	return func(context.Context) (*oauth2.Token, error) {
		return &oauth2.Token{AccessToken: token, TokenType: "Bearer"}, nil
	}
}

// sourceToken adapts a caller's oauth2.TokenSource (which takes no context).
func sourceToken(ts oauth2.TokenSource) tokenFunc {
	return func(context.Context) (*oauth2.Token, error) {
		tok, err := ts.Token()
		if err != nil {
			return nil, newTokenError(err, "")
		}
		return tok, nil
	}
}

// hostEntry is one host allowed to receive the token; an empty port allows any port.
type hostEntry struct{ host, port string }

// hostSet is the set of hosts that may receive the access token.
type hostSet []hostEntry

// allows reports whether u's host is in the set.
func (s hostSet) allows(u *url.URL) bool {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" {
		port = defaultPort(u.Scheme)
	}
	for _, e := range s {
		if e.host == host && (e.port == "" || e.port == port) {
			return true
		}
	}
	return false
}

// defaultPort is the port a URL without one connects to.
func defaultPort(scheme string) string {
	if scheme == "http" {
		return "80"
	}
	return "443"
}

// endpointHost is the exact host:port of an endpoint URL.
func endpointHost(u *url.URL) hostEntry {
	port := u.Port()
	if port == "" {
		port = defaultPort(u.Scheme)
	}
	return hostEntry{host: strings.ToLower(u.Hostname()), port: port}
}

// parseHostEntry reads "host", "host:port", "[v6]" or "[v6]:port".
func parseHostEntry(s string) (hostEntry, error) {
	h := strings.ToLower(strings.TrimSpace(s))
	if h == "" || strings.ContainsAny(h, "/?#@*% \t") {
		return hostEntry{}, fmt.Errorf("%q is not a host or host:port", s)
	}
	var port string
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	} else if strings.Count(h, ":") == 1 || strings.HasPrefix(h, "[") {
		var err error
		if h, port, err = net.SplitHostPort(h); err != nil {
			return hostEntry{}, fmt.Errorf("%q is not a host or host:port", s)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return hostEntry{}, fmt.Errorf("%q has an invalid port", s)
		}
	} else if strings.Contains(h, ":") && net.ParseIP(h) == nil {
		return hostEntry{}, fmt.Errorf("%q is not a host or host:port", s)
	}
	if h == "" {
		return hostEntry{}, fmt.Errorf("%q has no host", s)
	}
	return hostEntry{host: h, port: port}, nil
}

// authTransport attaches the access token to requests for allowed hosts, and to no
// other request. It replays a request once with a new token when Graph rejects the old.
type authTransport struct {
	next    http.RoundTripper
	tokens  *tokenCache // nil: no credential configured
	allowed hostSet
}

// RoundTrip implements http.RoundTripper.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := callStateFrom(req.Context())
	if !t.authorizes(req, st) {
		if req.Header.Get("Authorization") != "" {
			req = req.Clone(req.Context())
			req.Header.Del("Authorization")
		}
		return t.next.RoundTrip(req)
	}
	tok, err := t.tokens.token(req.Context())
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	resp, err := t.next.RoundTrip(withToken(req, tok, req.Body))
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	return t.replayUnauthorized(req, st, tok, resp)
}

// authorizes reports whether req may carry the token: a credential is configured, the
// call is not anonymous, the host is allowed, and the token would not travel in clear
// text (plain http only to loopback).
func (t *authTransport) authorizes(req *http.Request, st *callState) bool {
	if t.tokens == nil || st != nil && st.anonymous {
		return false
	}
	u := req.URL
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return false
	}
	return t.allowed.allows(u)
}

// replayUnauthorized handles a 401: at most once per call, it drops the rejected token,
// gets a new one and, if it differs, sends the request again. Otherwise the 401 stands.
func (t *authTransport) replayUnauthorized(req *http.Request, st *callState, used *oauth2.Token, resp *http.Response) (*http.Response, error) {
	hasBody := req.Body != nil && req.Body != http.NoBody
	if st != nil && !st.refreshed.CompareAndSwap(false, true) || hasBody && req.GetBody == nil {
		return resp, nil
	}
	if !t.tokens.rejected(used.AccessToken) {
		return resp, nil
	}
	tok, err := t.tokens.token(req.Context())
	if err != nil {
		drainAndClose(resp.Body)
		return nil, err
	}
	if tok.AccessToken == used.AccessToken {
		return resp, nil
	}
	body := req.Body
	if hasBody {
		if body, err = req.GetBody(); err != nil {
			return resp, nil
		}
	}
	drainAndClose(resp.Body)
	return t.next.RoundTrip(withToken(req, tok, body))
}

// withToken returns a copy of req with body and the token's Authorization header.
func withToken(req *http.Request, tok *oauth2.Token, body io.ReadCloser) *http.Request {
	r := req.Clone(req.Context())
	r.Body = body
	r.Header.Set("Authorization", tok.Type()+" "+tok.AccessToken)
	return r
}
