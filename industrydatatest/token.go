package industrydatatest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// tokenState is the identity side of the server; guarded by Server.mu.
type tokenState struct {
	issued   map[string]time.Time // access token -> expiry
	revoked  bool
	requests int
}

func newTokenState() tokenState { return tokenState{issued: map[string]time.Time{}} }

// tokenPath recognises /{tenant}/oauth2/v2.0/token.
func tokenPath(p string) (string, bool) {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	if len(segs) != 4 || segs[1] != "oauth2" || segs[2] != "v2.0" || segs[3] != "token" {
		return "", false
	}
	tenant, err := url.PathUnescape(segs[0])
	return tenant, err == nil
}

// oauthError is an identity-platform error: its OAuth code, AADSTS number and
// description.
type oauthError struct {
	status int
	code   string
	aadsts int
	desc   string
}

// handleToken answers the client-credentials grant the way the identity
// platform does, including its error bodies.
func (s *Server) handleToken(x *exchange, tenant string) {
	form, _ := url.ParseQuery(string(x.body))
	if ct := x.r.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "application/x-www-form-urlencoded") {
		form = url.Values{}
	}
	if err := s.checkTokenRequest(x, tenant, form); err != nil {
		s.writeOAuthError(x, err)
		return
	}
	s.mu.Lock()
	tok, lifetime := s.mintLocked()
	s.mu.Unlock()
	secs := int(math.Ceil(lifetime.Seconds()))
	raw, _ := json.Marshal(map[string]any{
		"token_type": "Bearer", "expires_in": secs, "ext_expires_in": secs, "access_token": tok,
	})
	s.writeIdentityJSON(x, http.StatusOK, raw)
}

// checkTokenRequest validates, in the identity platform's order, the method,
// tenant, grant, client, scope and secret. The secret is never echoed.
func (s *Server) checkTokenRequest(x *exchange, tenant string, form url.Values) *oauthError {
	creds := s.cfg.creds
	if x.r.Method != http.MethodPost {
		return &oauthError{400, "invalid_request", 900561, fmt.Sprintf("The endpoint only accepts POST, OPTIONS requests. Received a %s request.", x.r.Method)}
	}
	if !strings.EqualFold(tenant, creds.TenantID) {
		return &oauthError{400, "invalid_request", 90002, fmt.Sprintf("Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant)}
	}
	clientID, secret := form.Get("client_id"), form.Get("client_secret")
	if id, sec, ok := basicCredentials(x.r); ok {
		clientID, secret = id, sec
	}
	for _, p := range []string{"grant_type", "client_id", "scope"} {
		if form.Get(p) == "" && !(p == "client_id" && clientID != "") {
			return &oauthError{400, "invalid_request", 900144, fmt.Sprintf("The request body must contain the following parameter: '%s'.", p)}
		}
	}
	if g := form.Get("grant_type"); g != "client_credentials" {
		return &oauthError{400, "unsupported_grant_type", 70003, fmt.Sprintf("The app requested an unsupported grant type '%s'.", g)}
	}
	if clientID != creds.ClientID {
		return &oauthError{400, "unauthorized_client", 700016, fmt.Sprintf("Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.", clientID, tenant)}
	}
	if scope := form.Get("scope"); !strings.HasSuffix(scope, "/.default") || strings.Contains(scope, " ") {
		return &oauthError{400, "invalid_scope", 1002012, fmt.Sprintf("The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", scope)}
	}
	if secret == "" {
		return &oauthError{401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type."}
	}
	s.mu.Lock()
	revoked := s.tok.revoked
	s.mu.Unlock()
	if revoked || subtle.ConstantTimeCompare([]byte(secret), []byte(creds.ClientSecret)) != 1 {
		return &oauthError{401, "invalid_client", 7000215, fmt.Sprintf("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", creds.ClientID)}
	}
	return nil
}

// basicCredentials reads client_secret_basic: both parts are form-encoded
// before base64, as RFC 6749 section 2.3.1 asks and golang.org/x/oauth2 does.
func basicCredentials(r *http.Request) (string, string, bool) {
	auth := r.Header.Get("Authorization")
	if len(auth) < 6 || !strings.EqualFold(auth[:6], "basic ") {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(auth[6:]))
	if err != nil {
		return "", "", false
	}
	id, secret, ok := strings.Cut(string(raw), ":")
	if !ok {
		return "", "", false
	}
	id, err1 := url.QueryUnescape(id)
	secret, err2 := url.QueryUnescape(secret)
	return id, secret, err1 == nil && err2 == nil
}

func (s *Server) writeOAuthError(x *exchange, e *oauthError) {
	ts := x.now.UTC().Format("2006-01-02 15:04:05Z")
	raw, _ := json.Marshal(map[string]any{
		"error": e.code,
		"error_description": fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s",
			e.aadsts, e.desc, x.requestID, x.clientRequestID, ts),
		"error_codes":    []int{e.aadsts},
		"timestamp":      ts,
		"trace_id":       x.requestID,
		"correlation_id": x.clientRequestID,
		"error_uri":      s.URL() + "/error?code=" + strconv.Itoa(e.aadsts),
	})
	s.writeIdentityJSON(x, e.status, raw)
}

func (s *Server) writeIdentityJSON(x *exchange, status int, raw []byte) {
	h := x.w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(raw)))
	h.Set("Cache-Control", "no-store, no-cache")
	h.Set("Pragma", "no-cache")
	h.Set("x-ms-request-id", x.requestID)
	x.w.WriteHeader(status)
	_, _ = x.w.Write(raw)
}

// mintLocked issues a token; the caller holds s.mu.
func (s *Server) mintLocked() (string, time.Duration) {
	tok := "idt." + rand.Text() + rand.Text()
	s.tok.issued[tok] = s.cfg.now().Add(s.cfg.tokenLifetime)
	return tok, s.cfg.tokenLifetime
}

// authorize checks the bearer token of an API call; failures are Graph's 401
// InvalidAuthenticationToken.
func (s *Server) authorize(x *exchange) error {
	if !s.cfg.requireAuth {
		return nil
	}
	fail := func(msg string) error {
		return &apiError{status: http.StatusUnauthorized, code: "InvalidAuthenticationToken", message: msg}
	}
	auth := x.r.Header.Get("Authorization")
	if auth == "" {
		return fail("Access token is empty.")
	}
	if len(auth) < 7 || !strings.EqualFold(auth[:7], "bearer ") {
		return fail("Access token validation failure: the Authorization header must use the Bearer scheme.")
	}
	s.mu.Lock()
	expiry, ok := s.tok.issued[strings.TrimSpace(auth[7:])]
	s.mu.Unlock()
	switch {
	case !ok:
		return fail("Access token validation failure. Invalid audience.")
	case !x.now.Before(expiry):
		return fail("Lifetime validation failed, the token is expired.")
	}
	return nil
}

// Token mints a valid access token directly, for code under test that takes
// a static bearer token instead of client credentials. It does not count as a
// token request.
func (s *Server) Token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, _ := s.mintLocked()
	return tok
}

// ExpireTokens makes every token issued so far expired, so that the next API
// call answers 401 until the client fetches a new token.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok := range s.tok.issued {
		s.tok.issued[tok] = time.Time{}
	}
}

// RevokeCredentials makes the token endpoint reject the client secret (401
// invalid_client, AADSTS7000215) until RestoreCredentials. Tokens already
// issued stay valid, as with the identity platform; combine with ExpireTokens
// to lock the client out entirely.
func (s *Server) RevokeCredentials() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tok.revoked = true
}

// RestoreCredentials undoes RevokeCredentials.
func (s *Server) RestoreCredentials() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tok.revoked = false
}

// TokenRequests is how many requests reached the token endpoint, successful
// or not (faulted ones included); tests use it to check that a client caches
// its token.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok.requests
}
