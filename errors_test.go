package industrydata

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func errorResponse(status int, body string, header http.Header) *http.Response {
	u, _ := url.Parse("https://graph.microsoft.com/beta/industryData/runGroups/abc?$skiptoken=secret&sig=zzz")
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{
		StatusCode: status,
		Header:     header,
		Body:       io.NopCloser(strings.NewReader(body)),
		Request:    &http.Request{Method: http.MethodGet, URL: u},
	}
}

func TestNewErrorFromGraphBodies(t *testing.T) {
	cases := []struct {
		name                      string
		status                    int
		body                      string
		header                    http.Header
		code, msg, reqID, clReqID string
		date                      time.Time
		is                        error
	}{
		{
			name: "innerError with ids", status: 404,
			body: `{"error":{"code":"ResourceNotFound","message":"Run group 'abc' was not found.","innerError":{"date":"2026-11-29T04:53:18","request-id":"r-1","client-request-id":"c-1"}}}`,
			code: "ResourceNotFound", msg: "Run group 'abc' was not found.", reqID: "r-1", clReqID: "c-1",
			date: time.Date(2026, 11, 29, 4, 53, 18, 0, time.UTC), is: ErrNotFound,
		},
		{
			name: "innererror lower case and older requestId", status: 400,
			body: `{"error":{"code":"badRequest","message":"Bad request.","innererror":{"requestId":"r-2","date":"2017-07-31T20:55:01"}}}`,
			code: "badRequest", msg: "Bad request.", reqID: "r-2", date: time.Date(2017, 7, 31, 20, 55, 1, 0, time.UTC),
		},
		{
			name: "ids from headers when the body has none", status: 403,
			body:   `{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges."}}`,
			header: http.Header{"Request-Id": {"h-1"}, "Client-Request-Id": {"hc-1"}},
			code:   "Authorization_RequestDenied", msg: "Insufficient privileges.", reqID: "h-1", clReqID: "hc-1", is: ErrForbidden,
		},
		{name: "empty code", status: 409, body: `{"error":{"code":"","message":"Conflict."}}`, msg: "Conflict.", is: ErrConflict},
		{name: "empty body", status: 502, body: ``},
		{name: "empty object", status: 500, body: `{}`},
		{name: "precondition", status: 412, body: `{"error":{"code":"PreconditionFailed","message":"etag"}}`, code: "PreconditionFailed", msg: "etag", is: ErrPreconditionFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newError(errorResponse(c.status, c.body, c.header), 0)
			assert.Equal(t, c.status, e.StatusCode)
			assert.Equal(t, c.code, e.Code)
			assert.Equal(t, c.msg, e.Message)
			assert.Equal(t, c.reqID, e.RequestID)
			assert.Equal(t, c.clReqID, e.ClientRequestID)
			assert.True(t, c.date.Equal(e.Date), "date %v", e.Date)
			if c.is != nil {
				assert.ErrorIs(t, e, c.is)
			}
			assert.NotContains(t, e.Error(), "secret", "queries never reach error strings")
			assert.NotContains(t, e.Error(), "sig=")
			assert.NotContains(t, e.Error(), "\n")
		})
	}
}

func TestErrorString(t *testing.T) {
	e := newError(errorResponse(404, `{"error":{"code":"ResourceNotFound","message":"Not\nfound.","innerError":{"request-id":"r-1"}}}`, nil), 0)
	assert.Equal(t, "industrydata: GET https://graph.microsoft.com/beta/industryData/runGroups/abc: 404 Not Found: ResourceNotFound: Not found. (request-id r-1)", e.Error())
	assert.False(t, errors.Is(e, ErrThrottled))
	var target *Error
	assert.True(t, errors.As(outcomeUnknown("POST", "/x", e), &target))
	assert.ErrorIs(t, outcomeUnknown("POST", "/x", e), ErrOutcomeUnknown)
}

func TestNonJSONErrorBodies(t *testing.T) {
	html := "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>" + strings.Repeat("<p>proxy</p>", 100) + "</body></html>"
	e := newError(errorResponse(502, html, nil), 0)
	assert.Empty(t, e.Code)
	assert.True(t, strings.HasPrefix(e.Excerpt, "<!DOCTYPE html>"))
	assert.LessOrEqual(t, len(e.Excerpt), maxExcerpt)
	assert.Contains(t, e.Error(), "502 Bad Gateway: body: ")

	e = newError(errorResponse(503, "\xff\xfe garbage \x00", nil), 0)
	assert.True(t, strings.HasPrefix(e.Excerpt, "\uFFFD"), "excerpt is valid UTF-8: %q", e.Excerpt)
}

// countingReader counts how much of a body was read.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestHugeErrorBodyIsNotReadWhole(t *testing.T) {
	huge := bytes.Repeat([]byte("x"), 5<<20)
	cr := &countingReader{r: bytes.NewReader(huge)}
	resp := errorResponse(500, "", nil)
	resp.Body = io.NopCloser(cr)
	e := newError(resp, 0)
	assert.LessOrEqual(t, cr.n, maxErrorBody)
	assert.Equal(t, 500, e.StatusCode)
	assert.LessOrEqual(t, len(e.Excerpt), maxExcerpt)

	// A Graph error padded past the limit still reports the status, not a panic.
	big := `{"error":{"code":"x","message":"` + strings.Repeat("m", 5<<20) + `"}}`
	e = newError(errorResponse(500, big, nil), 0)
	assert.Equal(t, 500, e.StatusCode)
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"2", 2 * time.Second, true},
		{"2.128", 2128 * time.Millisecond, true},
		{" 0 ", 0, true},
		{"0.25", 250 * time.Millisecond, true},
		{"Sun, 29 Nov 2026 05:00:10 GMT", 10 * time.Second, true},
		{"Sun, 29 Nov 2026 04:00:00 GMT", 0, true},
		{"", 0, false},
		{"-1", 0, false},
		{"1e3", 0, false},
		{"0x10", 0, false},
		{"Inf", 0, false},
		{"NaN", 0, false},
		{"99999999999", 0, false},
		{"soon", 0, false},
	}
	for _, c := range cases {
		d, ok := parseRetryAfter(c.in, now)
		assert.Equal(t, c.ok, ok, "%q", c.in)
		assert.Equal(t, c.want, d, "%q", c.in)
	}
	e := newError(errorResponse(429, `{"error":{"code":"TooManyRequests","message":"slow down"}}`, http.Header{"Retry-After": {"2.128"}}), 0)
	assert.Equal(t, 2128*time.Millisecond, e.RetryAfter)
	assert.ErrorIs(t, e, ErrThrottled)
}

func TestExcerptScrubsSecrets(t *testing.T) {
	page := `<Error><Code>AuthenticationFailed</Code><Message>Signature did not match. URL https://files.example/f.csv?sv=2024&sig=c2VjcmV0&se=2026</Message><Auth>Bearer eyJabc.def</Auth></Error>`
	e := newError(errorResponse(403, page, nil), 0)
	assert.NotContains(t, e.Error(), "c2VjcmV0")
	assert.NotContains(t, e.Error(), "eyJabc")
	assert.Contains(t, e.Error(), "sig=REDACTED")

	bin := newError(errorResponse(500, strings.Repeat("\xff", 1000), nil), 0)
	assert.LessOrEqual(t, len(bin.Excerpt), maxExcerpt)
	assert.NotEmpty(t, bin.Excerpt)
}
