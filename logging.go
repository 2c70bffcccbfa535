package industrydata

import (
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// loggingTransport logs each HTTP exchange at slog.LevelDebug. It sits below the auth
// layer so it sees what goes on the wire (a 401 and its replay are two lines), but it
// never logs headers or bodies, so tokens cannot reach the log.
type loggingTransport struct {
	next   http.RoundTripper
	logger *slog.Logger
}

// RoundTrip implements http.RoundTripper.
func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if !t.logger.Enabled(ctx, slog.LevelDebug) {
		return t.next.RoundTrip(req)
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs, slog.String("method", req.Method), slog.String("url", logURL(req.URL)))
	if st := callStateFrom(ctx); st != nil {
		attrs = append(attrs, slog.Int("attempt", int(st.attempt.Load())))
	}
	// duration runs until the response headers arrived; the body is read later.
	attrs = append(attrs, slog.Duration("duration", time.Since(start)))
	if err != nil {
		attrs = append(attrs, slog.String("error", scrubSecrets(err.Error())))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := resp.Header.Get("request-id"); id != "" {
			attrs = append(attrs, slog.String("request-id", id))
		}
	}
	if id := req.Header.Get("client-request-id"); id != "" {
		attrs = append(attrs, slog.String("client-request-id", id))
	}
	t.logger.LogAttrs(ctx, slog.LevelDebug, "industrydata: http exchange", attrs...)
	return resp, err
}

// logURL renders u for logs. User info and fragment are dropped; OData system query
// options ($filter, $select, $skiptoken, ...) are kept as sent, because they are what
// one debugs; every other query value is replaced, because pre-signed download URLs
// carry their signature (sig=) and other credentials there.
func logURL(u *url.URL) string {
	c := *u
	c.User, c.Fragment, c.RawFragment = nil, "", ""
	if c.RawQuery != "" {
		parts := strings.Split(c.RawQuery, "&")
		for i, p := range parts {
			key, _, hasValue := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(key); err == nil && strings.HasPrefix(name, "$") {
				continue
			}
			if hasValue {
				parts[i] = key + "=REDACTED"
			} else {
				parts[i] = "REDACTED"
			}
		}
		c.RawQuery = strings.Join(parts, "&")
	}
	return c.String()
}

// secretPattern matches what may carry a credential inside free text: a bearer token,
// or a query or form parameter known to hold a secret.
var secretPattern = regexp.MustCompile(`(?i)(\bbearer\s+)[^\s"',;]+|\b(sig|signature|access_token|refresh_token|id_token|client_secret|client_assertion|password|x-amz-signature|x-amz-credential|x-amz-security-token)=[^&\s"']+`)

// scrubSecrets masks credentials in text taken from errors before it is logged or
// returned: transport errors can quote a URL with its query.
func scrubSecrets(s string) string {
	return secretPattern.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(strings.ToLower(m), "bearer") {
			return "Bearer REDACTED"
		}
		key, _, _ := strings.Cut(m, "=")
		return key + "=REDACTED"
	})
}

// scrubbedError is an error whose message had credentials masked; errors.Is and
// errors.As still reach the original.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// scrubbed returns err, or a copy whose message has credentials masked.
func scrubbed(err error) error {
	if msg := scrubSecrets(err.Error()); msg != err.Error() {
		return &scrubbedError{msg: msg, err: err}
	}
	return err
}

// unwrapURLError drops the *url.Error that net/http wraps around transport failures:
// its message quotes the full URL, query (and any signature) included.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return scrubbed(ue.Err)
	}
	return scrubbed(err)
}
