package industrydata

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxErrorBody caps how much of an error response is read: a proxy's HTML page or a
// runaway body must never be held whole in memory just to report a failure.
const maxErrorBody = 64 << 10

// maxExcerpt is how much of a body that is not a Graph error is kept for the message.
const maxExcerpt = 256

// Sentinel errors for errors.Is. An *Error matches the sentinel of its HTTP status,
// so callers can branch on the kind of failure without inspecting codes.
var (
	ErrNotFound           = errors.New("industrydata: not found")
	ErrUnauthorized       = errors.New("industrydata: unauthorized")
	ErrForbidden          = errors.New("industrydata: forbidden")
	ErrThrottled          = errors.New("industrydata: throttled")
	ErrConflict           = errors.New("industrydata: conflict")
	ErrPreconditionFailed = errors.New("industrydata: precondition failed")

	// ErrOutcomeUnknown is wrapped by errors from a create (POST) whose request may have
	// reached Graph but whose answer was lost (a 500/502/504, or a connection dropped
	// after the request was written). The SDK does not retry such a request, because
	// doing so could create the entity twice; list the collection to find out.
	ErrOutcomeUnknown = errors.New("industrydata: outcome unknown, the request may have been applied")
)

// ErrorDetail is one entry of a Graph error's details.
type ErrorDetail struct {
	// Code is the detail's error code.
	Code string `json:"code,omitempty"`
	// Message describes the detail for people.
	Message string `json:"message,omitempty"`
	// Target names the part of the request the detail is about.
	Target string `json:"target,omitempty"`
}

// Error is a failed Graph response: the HTTP status, Graph's error code and message,
// and the identifiers Microsoft support asks for (request-id, client-request-id, date).
//
// Use errors.As to get it from any error the SDK returns, and errors.Is with the
// sentinels (ErrNotFound, ErrThrottled, ...) to branch on the kind of failure.
type Error struct {
	// StatusCode is the HTTP status of the (last) response.
	StatusCode int
	// Code is Graph's error code as sent (its case varies between services; compare with strings.EqualFold).
	Code string
	// Message is Graph's human-readable message.
	Message string
	// Target names the part of the request the error is about, when Graph says.
	Target string
	// Details lists further errors Graph reported.
	Details []ErrorDetail
	// InnerError holds the body's innerError (or innererror) members as sent,
	// including service-specific ones the SDK does not interpret.
	InnerError map[string]json.RawMessage
	// RequestID identifies the call for Microsoft support. It comes from the body's
	// innerError, or from the response headers when the body lacks it.
	RequestID string
	// ClientRequestID is the client-request-id the SDK sent (and Graph echoed), found
	// the same way; search your own logs for it.
	ClientRequestID string
	// Date is innerError.date, read as UTC (Graph sends it without a zone).
	Date time.Time
	// RetryAfter is the delay the response asked for (Retry-After header), or zero.
	RetryAfter time.Duration
	// Method is the HTTP method of the request.
	Method string
	// URL is the request's URL without its query string, so no secret that a query
	// might hold can leak into logs through an error.
	URL string
	// Excerpt is the start of a body that was not a Graph error (an HTML page from a
	// proxy, plain text), trimmed to a few hundred bytes and made valid UTF-8.
	Excerpt string
}

// Error returns one line: status, code, message and request-id.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("industrydata: ")
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteByte(' ')
		b.WriteString(e.URL)
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	switch {
	case e.Message != "":
		b.WriteString(": ")
		b.WriteString(oneLine(e.Message))
	case e.Excerpt != "":
		b.WriteString(": body: ")
		b.WriteString(strconv.Quote(e.Excerpt))
	}
	if e.RequestID != "" {
		b.WriteString(" (request-id ")
		b.WriteString(e.RequestID)
		b.WriteByte(')')
	}
	return b.String()
}

// Is reports whether the error is of the kind target names (one of the sentinels).
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrThrottled:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrPreconditionFailed:
		return e.StatusCode == http.StatusPreconditionFailed
	}
	return false
}

// newError builds an *Error from a non-success response. It reads at most limit bytes
// of the body and does not close it.
func newError(resp *http.Response, limit int64) *Error {
	e := &Error{StatusCode: resp.StatusCode}
	if req := resp.Request; req != nil {
		e.Method = req.Method
		if req.URL != nil {
			e.URL = redactURL(req.URL)
		}
	}
	if resp.Body != nil {
		if limit <= 0 {
			limit = maxErrorBody
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, limit))
		e.parseBody(body)
	}
	if e.RequestID == "" {
		e.RequestID = resp.Header.Get("request-id")
	}
	if e.ClientRequestID == "" {
		e.ClientRequestID = resp.Header.Get("client-request-id")
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = d
	}
	return e
}

// errorBody is Graph's error envelope. Both spellings of innerError occur in the wild.
type errorBody struct {
	Error *struct {
		Code       string                     `json:"code"`
		Message    string                     `json:"message"`
		Target     string                     `json:"target"`
		Details    []ErrorDetail              `json:"details"`
		InnerError map[string]json.RawMessage `json:"innerError"`
		InnerLower map[string]json.RawMessage `json:"innererror"`
	} `json:"error"`
}

func (e *Error) parseBody(body []byte) {
	var env errorBody
	if err := json.Unmarshal(body, &env); err != nil || env.Error == nil {
		e.Excerpt = excerpt(body)
		return
	}
	ge := env.Error
	e.Code, e.Message, e.Target, e.Details = ge.Code, scrubSecrets(ge.Message), ge.Target, ge.Details
	e.InnerError = ge.InnerError
	if e.InnerError == nil {
		e.InnerError = ge.InnerLower
	}
	e.RequestID = innerString(e.InnerError, "request-id", "requestId")
	e.ClientRequestID = innerString(e.InnerError, "client-request-id", "clientRequestId")
	if d := innerString(e.InnerError, "date"); d != "" {
		if t, err := parseTimestamp(d); err == nil {
			e.Date = t
		}
	}
}

// innerString returns the first of names that innerError holds as a JSON string.
func innerString(m map[string]json.RawMessage, names ...string) string {
	for _, n := range names {
		if raw, ok := m[n]; ok {
			var s string
			if json.Unmarshal(raw, &s) == nil && s != "" {
				return s
			}
		}
	}
	return ""
}

// excerpt returns the start of a non-JSON body as one short, valid UTF-8 line with any
// signature or token it echoes (a storage error page may quote the signed URL) removed.
func excerpt(body []byte) string {
	if len(body) > 4*maxExcerpt {
		body = body[:4*maxExcerpt] // enough for maxExcerpt bytes after folding and scrubbing
	}
	s := scrubSecrets(oneLine(strings.ToValidUTF8(string(body), "\uFFFD")))
	if len(s) <= maxExcerpt {
		return s
	}
	cut := maxExcerpt
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// oneLine folds whitespace runs so an error stays on one log line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// redactURL renders u without its query and fragment: queries can carry signatures
// (a SAS URL's sig=) or skip tokens, which do not belong in errors or logs.
func redactURL(u *url.URL) string {
	c := *u
	c.RawQuery, c.Fragment, c.RawFragment, c.User = "", "", "", nil
	return c.String()
}

// parseRetryAfter reads a Retry-After value: delay seconds, possibly fractional as
// Graph sends them ("2.128"), or an HTTP date. A date in the past means no wait.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if c := v[0]; c >= '0' && c <= '9' || c == '.' {
		secs, err := strconv.ParseFloat(v, 64)
		// Reject what ParseFloat accepts beyond plain decimals (exponents, hex, Inf).
		if err != nil || strings.ContainsAny(v, "eExXpP_") || secs < 0 || secs > maxRetryAfterSeconds {
			return 0, false
		}
		return time.Duration(secs * float64(time.Second)), true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}

// maxRetryAfterSeconds bounds a Retry-After so a hostile value cannot overflow a Duration.
const maxRetryAfterSeconds = 24 * 60 * 60

// outcomeUnknown wraps cause so errors.Is(err, ErrOutcomeUnknown) holds and the cause
// (an *Error or a network error) stays reachable with errors.As.
func outcomeUnknown(method, target string, cause error) error {
	return fmt.Errorf("%s %s: %w: %w", method, target, ErrOutcomeUnknown, cause)
}
