package reliability_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/industrydata/industrydata-go"
)

// The fuzz targets of this package drive a whole Client against a scripted in-memory
// transport (no sockets, so a search runs thousands of inputs a second). Their seeds run
// with go test; to search, run one for a set time:
//
//	go test -run '^$' -fuzz '^FuzzResponseBody$' -fuzztime 60s ./reliability/
//	go test -run '^$' -fuzz '^FuzzNextLinkStaysOnHost$' -fuzztime 60s ./reliability/

// fuzzGraph is the allowed host of the fuzz clients.
const fuzzGraph = "https://graph.test/beta"

// scripted is an http.RoundTripper that answers the nth request with responses[n] (the
// last one repeats) and records every request.
type scripted struct {
	mu        sync.Mutex
	responses []func() *http.Response
	seen      []*http.Request
}

func (s *scripted) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	s.mu.Lock()
	n := min(len(s.seen), len(s.responses)-1)
	s.seen = append(s.seen, req)
	s.mu.Unlock()
	resp := s.responses[n]()
	resp.Request = req
	return resp, nil
}

func (s *scripted) requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.seen...)
}

func respond(status int, body []byte) func() *http.Response {
	return func() *http.Response {
		return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
	}
}

func fuzzClient(t *testing.T, rt http.RoundTripper) *industrydata.Client {
	c, err := industrydata.NewClient(industrydata.WithBaseURL(fuzzGraph), industrydata.WithStaticToken("fuzz-token"),
		industrydata.WithHTTPClient(&http.Client{Transport: rt}), industrydata.WithRetry(industrydata.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// FuzzResponseBody answers a list, a get, a create or the errors-file call with an
// arbitrary status and body. Whatever arrives, the SDK must not panic; a non-success
// status is an *industrydata.Error with that status; and any error is one line of valid
// UTF-8 that names the SDK and stays short, so a hostile body cannot flood a log.
func FuzzResponseBody(f *testing.F) {
	for _, s := range []string{
		`{"value":[{"id":"a","displayName":"x","status":"failed"}],"@odata.nextLink":null,"@odata.count":1}`,
		`{"id":"g1","displayName":"a","displayName":"b"}`, `{"value":[],"value":[{"id":"b"}]}`,
		`{"value":"https://files.test/f.csv?sig=abc"}`, `{"value":5}`, `{"value":{"id":"a"}}`,
		`{"error":{"code":"TooManyRequests","message":"slow down","innerError":{"date":"2026-01-01T00:00:00"}}}`,
		"<html><body>502 Bad Gateway</body></html>", "", "null", "[]", `{"id":"g1","statistics":[[[[[[]]]]]]}`,
		"{\"id\":\"a\xff\"}", "{\"displayName\":\"\x01\"}", `{"startDateTime":"2026-13-45T99:99:99Z"}`,
	} {
		for kind := range uint8(4) {
			f.Add(kind, uint16(200), []byte(s))
		}
		f.Add(uint8(0), uint16(500), []byte(s))
		f.Add(uint8(2), uint16(201), []byte(s))
	}
	f.Fuzz(func(t *testing.T, kind uint8, status uint16, body []byte) {
		code := 200 + int(status)%400
		if code >= 300 && code < 400 {
			code += 100 // redirects need a Location; the redirect tests cover them
		}
		rt := &scripted{responses: []func() *http.Response{respond(code, body)}}
		c := fuzzClient(t, rt)
		defer c.Close()
		ctx := context.Background()
		g := c.RunGroups().ByID("g1")
		var err error
		switch kind % 4 {
		case 0:
			_, err = c.RunGroups().List().Page(ctx)
		case 1:
			_, err = g.Get(ctx)
		case 2:
			_, err = c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "n"}})
		case 3:
			_, err = g.ErrorsAndWarningsFile(ctx)
		}
		if err == nil {
			if code >= 300 {
				t.Fatalf("status %d reported as success", code)
			}
			return
		}
		if code >= 400 {
			var ge *industrydata.Error
			if !errors.As(err, &ge) || ge.StatusCode != code {
				t.Fatalf("status %d: want an *industrydata.Error with that status, got %v", code, err)
			}
		}
		msg := err.Error()
		switch {
		case !utf8.ValidString(msg):
			t.Fatalf("error is not valid UTF-8: %q", msg)
		case strings.ContainsAny(msg, "\r\n"):
			t.Fatalf("error spans lines: %q", msg)
		case len(msg) > 1024:
			t.Fatalf("error of %d bytes", len(msg))
		case !strings.Contains(msg, "industrydata"):
			t.Fatalf("error does not name the SDK: %q", msg)
		}
	})
}

// FuzzNextLinkStaysOnHost answers the first page with an arbitrary @odata.nextLink.
// Whatever the link, the SDK may follow it only to the client's own Graph host and
// scheme, at most once (the second page has no link), verbatim; and no request may
// carry the token anywhere else.
func FuzzNextLinkStaysOnHost(f *testing.F) {
	for _, s := range []string{
		fuzzGraph + "/industryData/runGroups?$skiptoken=X%27Zm9v%2B%2F%27", "https://graph.test:443/beta/x?$skip=1",
		"https://GRAPH.test/beta/x", "https://evil.test/beta/x", "https://graph.test:444/x", "https://graph.test.evil.test/x",
		"https://user:pw@graph.test/x", "//evil.test/x", "/beta/x", "http://graph.test/x", "https://graph.test/x#f",
		"https://graph.test/a%2Fb", "https://graph.test/a%zz", "https://[::1]/x", `https://graph.test\@evil.test/`,
		"https://evil.test%2F@graph.test/", "https://graph.test%2eevil.test/", "https://graph.test/../../x", "",
		"https://graph.test/\u00e9?a=%27", "https://graph.test/x?", "javascript:alert(1)", "https:graph.test/x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, link string) {
		raw, err := json.Marshal(link)
		if err != nil {
			return
		}
		_ = json.Unmarshal(raw, &link) // what the page carries: invalid UTF-8 became U+FFFD
		first := []byte(`{"value":[{"id":"1"}],"@odata.nextLink":` + string(raw) + `}`)
		rt := &scripted{responses: []func() *http.Response{respond(200, first), respond(200, []byte(`{"value":[{"id":"2"}]}`))}}
		c := fuzzClient(t, rt)
		defer c.Close()
		for _, err := range c.RunGroups().List().All(context.Background()) {
			if err != nil {
				break
			}
		}
		reqs := rt.requests()
		if len(reqs) > 2 {
			t.Fatalf("%d requests for a two-page listing", len(reqs))
		}
		for i, r := range reqs {
			host := strings.ToLower(r.URL.Host)
			if r.URL.Scheme != "https" || (host != "graph.test" && host != "graph.test:443") {
				if r.Header.Get("Authorization") != "" {
					t.Fatalf("the token went to %s://%s (link %q)", r.URL.Scheme, r.URL.Host, link)
				}
				t.Fatalf("request %d left the Graph host: %s://%s (link %q)", i, r.URL.Scheme, r.URL.Host, link)
			}
		}
		if len(reqs) == 2 {
			_, rest, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(link, "https://"), "HTTPS://"), "/")
			if got := reqs[1].URL.RequestURI(); got != "/"+rest {
				t.Fatalf("the link %q was sent as %q, not verbatim", link, got)
			}
		}
	})
}
