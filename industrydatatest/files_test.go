package industrydatatest_test

import (
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go/industrydatatest"
)

// fileLink calls getErrorsAndWarningsFile in the given form and returns the
// link.
func (g *graph) fileLink(id, function string) string {
	g.t.Helper()
	r := g.do("GET", "/runGroups/"+id+"/"+function, nil)
	require.Equal(g.t, http.StatusOK, r.status, "body: %s", r.raw)
	body := r.obj(g.t)
	assert.Equal(g.t, g.s.BaseURL()+"/$metadata#Edm.String", body["@odata.context"])
	link, ok := body["value"].(string)
	require.True(g.t, ok, "value must be a string: %s", r.raw)
	return link
}

// fetch GETs a file link with plain net/http, optionally with an
// Authorization header.
func fetch(t *testing.T, link, auth string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest("GET", link, nil)
	require.NoError(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, string(raw)
}

func TestErrorsAndWarningsFileFunctionForms(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{"status": "failed",
		"blockingError": map[string]any{"code": "InvalidSourceData", "message": "Bad, \"quoted\" input", "target": "roster.csv"}})
	for _, fn := range []string{"getErrorsAndWarningsFile", "getErrorsAndWarningsFile()", "microsoft.graph.getErrorsAndWarningsFile()"} {
		link := g.fileLink(ids[0], fn)
		u, err := url.Parse(link)
		require.NoError(t, err)
		assert.Equal(t, "127.0.0.1", u.Hostname())
		assert.NotEqual(t, strings.TrimPrefix(g.s.URL(), "http://"), u.Host, "a separate host")
		assert.True(t, strings.HasPrefix(link, g.s.FileHostURL()+"/files/"+ids[0]+".csv?"), link)
		assert.NotEmpty(t, u.Query().Get("sig"))

		status, hdr, body := fetch(t, link, "")
		require.Equal(t, http.StatusOK, status, body)
		assert.Equal(t, "text/csv", hdr.Get("Content-Type"))
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		require.NoError(t, err)
		assert.Equal(t, [][]string{
			{"severity", "code", "message", "target"},
			{"error", "InvalidSourceData", `Bad, "quoted" input`, "roster.csv"},
		}, rows)
	}
	graphError(t, g.do("GET", "/runGroups/nope/getErrorsAndWarningsFile", nil), http.StatusNotFound)
	graphError(t, g.do("POST", "/runGroups/"+ids[0]+"/getErrorsAndWarningsFile", nil), http.StatusMethodNotAllowed)
}

func TestFileHostRefusesTokensAndBadSignatures(t *testing.T) {
	clock := newFakeClock()
	g := newGraph(t, industrydatatest.WithClock(clock.Now))
	ids := g.seed(industrydatatest.Document{})
	link := g.fileLink(ids[0], "getErrorsAndWarningsFile")
	u, _ := url.Parse(link)

	noSig := *u
	q := u.Query()
	q.Del("sig")
	noSig.RawQuery = q.Encode()
	otherFile := strings.Replace(link, ids[0], "00000000-0000-4000-8000-000000000000", 1)
	plusAsSpace := strings.ReplaceAll(link, "%2B", "+")

	cases := map[string]struct{ link, auth, detail string }{
		"bearer token":    {link, "Bearer " + g.token, "without an Authorization header"},
		"missing sig":     {noSig.String(), "", "sig query parameter is missing"},
		"other file":      {otherFile, "", "Signature did not match"},
		"extended expiry": {strings.Replace(link, "se=2026", "se=2027", 1), "", "Signature did not match"},
		"decoded plus":    {plusAsSpace, "", "Signature did not match"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if name == "decoded plus" && !strings.Contains(link, "%2B") {
				t.Skip("this signature has no '+'")
			}
			status, hdr, body := fetch(t, c.link, c.auth)
			assert.Equal(t, http.StatusForbidden, status)
			assert.Equal(t, "application/xml", hdr.Get("Content-Type"))
			assert.Equal(t, "AuthenticationFailed", hdr.Get("x-ms-error-code"))
			assert.Contains(t, body, "<Code>AuthenticationFailed</Code>")
			assert.Contains(t, body, c.detail)
		})
	}

	clock.Advance(2 * time.Hour)
	status, _, body := fetch(t, link, "")
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, body, "expiry")

	var withToken int
	for _, r := range g.s.FileRequests() {
		if r.Header.Get("Authorization") != "" {
			withToken++
			assert.Equal(t, "Bearer "+g.token, r.Header.Get("Authorization"), "the log shows the token that was sent")
		}
	}
	assert.Equal(t, 1, withToken)
}

func TestFileOfDeletedGroupIsGoneAndFileCanBeSet(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{}, industrydatatest.Document{})
	require.NoError(t, g.s.SetErrorsAndWarningsFile(ids[1], []byte("custom,content\n")))
	_, _, body := fetch(t, g.fileLink(ids[1], "getErrorsAndWarningsFile"), "")
	assert.Equal(t, "custom,content\n", body)
	assert.Error(t, g.s.SetErrorsAndWarningsFile("nope", nil))

	link := g.fileLink(ids[0], "getErrorsAndWarningsFile")
	_, _, body = fetch(t, link, "")
	assert.Equal(t, "severity,code,message,target\n", body, "no issues: header only")
	require.Equal(t, http.StatusNoContent, g.do("DELETE", "/runGroups/"+ids[0], nil).status)
	status, hdr, _ := fetch(t, link, "")
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "BlobNotFound", hdr.Get("x-ms-error-code"))
}
