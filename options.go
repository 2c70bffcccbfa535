package industrydata

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Option configures a Client. Options only record what they were given; NewClient
// checks them together, so their order never matters (an option given twice counts
// once, with its last value; WithAllowedHosts accumulates), and an invalid value makes
// NewClient fail with an error that names the option.
type Option func(*settings) error

// defaultMaxResponseSize bounds a success body the SDK decodes: a runaway response must
// not exhaust memory.
const defaultMaxResponseSize = 32 << 20

// settings is what the options recorded, before NewClient validates and combines it.
type settings struct {
	cloud            Cloud
	baseURL          *url.URL // nil: the cloud's Graph beta endpoint
	authority        *url.URL // nil: the cloud's identity platform
	scopes           []string // nil: https://<cloud's Graph host>/.default
	creds            []credential
	httpClient       *http.Client
	retry            *RetryPolicy
	logger           *slog.Logger
	userAgent        string
	allowedHosts     []hostEntry
	maxResponseBytes int64

	// Test hooks: the clock for token expiry and the wait between retries.
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
}

// credential is one way of getting tokens; NewClient accepts at most one.
type credential struct {
	option string // the option that recorded it, for error messages

	source oauth2.TokenSource // WithTokenSource

	tenantID, clientID, clientSecret string // WithClientCredentials

	static string // WithStaticToken
}

// setCredential records cr, replacing one recorded by the same option; NewClient
// rejects credentials from different options.
func (s *settings) setCredential(cr credential) {
	for i := range s.creds {
		if s.creds[i].option == cr.option {
			s.creds[i] = cr
			return
		}
	}
	s.creds = append(s.creds, cr)
}

// optionError names the option an invalid value was given to.
func optionError(option, format string, args ...any) error {
	return fmt.Errorf("industrydata: %s: %s", option, fmt.Sprintf(format, args...))
}

// WithTokenSource authenticates with tokens from ts, for callers who already manage
// credentials (azidentity adapters, workload identity, a refreshing user token). The
// SDK caches the token and asks ts again when it nears expiry or Graph rejects it.
func WithTokenSource(ts oauth2.TokenSource) Option {
	return func(s *settings) error {
		if ts == nil {
			return optionError("WithTokenSource", "token source is nil")
		}
		s.setCredential(credential{option: "WithTokenSource", source: ts})
		return nil
	}
}

// WithClientCredentials authenticates as an application with the OAuth 2.0 client
// credentials grant against the Microsoft identity platform of the selected cloud
// (see WithCloud and WithAuthorityHost), asking for the cloud's Graph ".default" scope.
// tenantID is the directory (tenant) ID or a verified domain name.
func WithClientCredentials(tenantID, clientID, clientSecret string) Option {
	return func(s *settings) error {
		const name = "WithClientCredentials"
		switch {
		case tenantID == "":
			return optionError(name, "tenantID is empty")
		case !validTenant(tenantID):
			return optionError(name, "tenantID %q is not a tenant ID or domain name", tenantID)
		case strings.TrimSpace(clientID) == "":
			return optionError(name, "clientID is empty")
		case clientSecret == "":
			return optionError(name, "clientSecret is empty")
		}
		s.setCredential(credential{option: name, tenantID: tenantID, clientID: clientID, clientSecret: clientSecret})
		return nil
	}
}

// validTenant accepts what can safely become a path segment of the token URL:
// a GUID, a domain name, or the aliases "organizations" and "common".
func validTenant(t string) bool {
	for _, r := range t {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return false
		}
	}
	return t != "." && t != ".."
}

// WithStaticToken sends the given access token as is, for scripts and tests that got a
// token elsewhere. It is never refreshed: once it expires, calls fail with 401.
func WithStaticToken(token string) Option {
	return func(s *settings) error {
		const name = "WithStaticToken"
		if token == "" {
			return optionError(name, "token is empty")
		}
		if strings.ContainsAny(token, " \t\r\n") {
			// The value itself is never echoed: it is a secret.
			return optionError(name, "token contains whitespace; pass the bare access token, without \"Bearer \"")
		}
		s.setCredential(credential{option: name, static: token})
		return nil
	}
}

// WithBaseURL sets the Graph endpoint requests are sent to, including the version
// segment (default https://graph.microsoft.com/beta, or the selected cloud's). Its host
// is the one host that receives the access token, unless WithAllowedHosts adds others.
// Plain http is accepted only for a loopback host (a local test server). A national
// cloud's Graph host (graph.microsoft.us, dod-graph.microsoft.us,
// microsoftgraph.chinacloudapi.cn) selects that cloud's token authority and scope when
// WithCloud is not given; a WithCloud that names another cloud makes NewClient fail.
func WithBaseURL(rawURL string) Option {
	return func(s *settings) error {
		u, err := parseEndpoint(rawURL)
		if err != nil {
			return optionError("WithBaseURL", "%v", err)
		}
		s.baseURL = u
		return nil
	}
}

// WithCloud selects a national cloud. It sets the default Graph endpoint, the token
// authority and the scope together, because tokens do not cross clouds. WithBaseURL and
// WithAuthorityHost, if also given, override the corresponding host.
func WithCloud(c Cloud) Option {
	return func(s *settings) error {
		if _, err := c.hosts(); err != nil || c == "" {
			return optionError("WithCloud", "unknown cloud %q (want %q, %q, %q or %q)",
				string(c), CloudGlobal, CloudUSGov, CloudUSGovDoD, CloudChina)
		}
		s.cloud = c
		return nil
	}
}

// WithAuthorityHost sets the identity platform endpoint that issues tokens for
// WithClientCredentials (default: the selected cloud's, https://login.microsoftonline.com).
// The token URL is <authority>/<tenant>/oauth2/v2.0/token. Use it for sovereign
// deployments and for tests with a local token endpoint (plain http only for loopback).
func WithAuthorityHost(rawURL string) Option {
	return func(s *settings) error {
		u, err := parseEndpoint(rawURL)
		if err != nil {
			return optionError("WithAuthorityHost", "%v", err)
		}
		s.authority = u
		return nil
	}
}

// WithScopes replaces the scopes asked for by WithClientCredentials (default
// https://<Graph host of the cloud>/.default), for deployments that WithCloud does not name.
func WithScopes(scopes ...string) Option {
	return func(s *settings) error {
		if len(scopes) == 0 {
			return optionError("WithScopes", "no scope given")
		}
		for i, sc := range scopes {
			if strings.TrimSpace(sc) == "" || strings.ContainsAny(sc, " \t\r\n") {
				return optionError("WithScopes", "scope %d (%q) is empty or contains whitespace", i, sc)
			}
		}
		s.scopes = append([]string(nil), scopes...)
		return nil
	}
}

// WithHTTPClient makes the SDK send requests through hc's Transport (proxies, TLS
// settings, tracing middleware such as otelhttp). hc itself is never modified: the SDK
// builds its own http.Client around hc.Transport, keeping hc's Jar, CheckRedirect and
// Timeout (which then bounds each attempt, not the whole call with its retries).
// Client.Close leaves hc's connections alone.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *settings) error {
		if hc == nil {
			return optionError("WithHTTPClient", "client is nil")
		}
		s.httpClient = hc
		return nil
	}
}

// WithRetry replaces the retry policy (DefaultRetryPolicy). Zero waits take the
// defaults; MaxRetries 0 turns retries off.
func WithRetry(p RetryPolicy) Option {
	return func(s *settings) error {
		if err := p.validate(); err != nil {
			return optionError("WithRetry", "%v", err)
		}
		p = p.withDefaults()
		s.retry = &p
		return nil
	}
}

// WithLogger logs every HTTP exchange and retry at slog.LevelDebug to l: method, URL
// (with query values other than OData options redacted), status, duration, attempt and
// request ids. Headers, bodies, tokens and secrets are never logged. A nil logger, the
// default, logs nothing.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) error {
		s.logger = l
		return nil
	}
}

// WithUserAgent appends ua (for example "contoso-sync/2.1") to the SDK's own product
// token in the User-Agent header, so that an application's traffic can be told apart.
func WithUserAgent(ua string) Option {
	return func(s *settings) error {
		for _, r := range ua {
			if r < ' ' || r == 0x7f {
				return optionError("WithUserAgent", "%q contains a control character", ua)
			}
		}
		s.userAgent = strings.TrimSpace(ua)
		return nil
	}
}

// WithAllowedHosts lets hosts other than the base URL's receive the access token, for
// example a Graph alias behind a gateway. Each entry is "host" (any port) or "host:port".
// Every other host (a redirect target, a link to another host, a download URL) gets no
// Authorization header.
func WithAllowedHosts(hosts ...string) Option {
	return func(s *settings) error {
		for _, h := range hosts {
			e, err := parseHostEntry(h)
			if err != nil {
				return optionError("WithAllowedHosts", "%v", err)
			}
			s.allowedHosts = append(s.allowedHosts, e)
		}
		return nil
	}
}

// WithMaxResponseSize bounds how many bytes of a success body the SDK decodes (default
// 32 MiB), so a runaway response fails instead of exhausting memory. A body over the
// limit (or declaring a Content-Length over it) fails the call at once, without a retry,
// since the same body would come again. File downloads stream and are not bounded by it.
func WithMaxResponseSize(n int64) Option {
	return func(s *settings) error {
		if n <= 0 {
			return optionError("WithMaxResponseSize", "size %d is not positive", n)
		}
		s.maxResponseBytes = n
		return nil
	}
}

// withClock replaces the clock that decides token expiry (tests).
func withClock(now func() time.Time) Option {
	return func(s *settings) error {
		s.now = now
		return nil
	}
}

// withSleep replaces the wait between retries (tests).
func withSleep(sleep func(context.Context, time.Duration) error) Option {
	return func(s *settings) error {
		s.sleep = sleep
		return nil
	}
}

// parseEndpoint checks that raw is an absolute http(s) URL without credentials, query or
// fragment, and that plain http only goes to a loopback host: tokens must not travel in
// clear text. The trailing slash is dropped.
func parseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL", raw)
	}
	switch {
	case u.User != nil:
		return nil, errors.New("URL must not carry user credentials")
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Opaque != "":
		return nil, fmt.Errorf("%q is not an absolute http(s) URL", raw)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, fmt.Errorf("%q must not have a query or fragment", raw)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("%q uses plain http to a host that is not loopback; use https", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

// isLoopback reports whether host (without port) names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// cloudOfGraphHost returns the cloud whose Graph endpoint host is, if it is one.
func cloudOfGraphHost(host string) (Cloud, bool) {
	for _, c := range []Cloud{CloudGlobal, CloudUSGov, CloudUSGovDoD, CloudChina} {
		if h, _ := c.hosts(); strings.EqualFold(h.graph, host) {
			return c, true
		}
	}
	return "", false
}

// inferCloud makes a base URL on a national cloud's Graph host select that cloud when
// WithCloud was not given, so the token is asked of that cloud's authority for that
// cloud's Graph: a token of another cloud would be rejected by every call. A WithCloud
// that contradicts the base URL's host is an error rather than a guess.
func (s *settings) inferCloud() error {
	if s.baseURL == nil {
		return nil
	}
	host := s.baseURL.Hostname()
	c, known := cloudOfGraphHost(host)
	switch {
	case !known:
		return nil
	case s.cloud == "":
		s.cloud = c
	case s.cloud != c:
		return fmt.Errorf("industrydata: WithBaseURL: %s is the Graph endpoint of cloud %q, but WithCloud selects %q; tokens do not cross clouds",
			host, string(c), string(s.cloud))
	}
	return nil
}
