package reliability_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
)

// call is one SDK operation that reads a response body.
type call string

const (
	callList   call = "list"
	callGet    call = "get"
	callCreate call = "create"
	callFile   call = "errorsFile"
)

// run performs the operation against c and returns its error.
func (k call) run(ctx context.Context, c *industrydata.Client) error {
	g := c.RunGroups().ByID("g1")
	var err error
	switch k {
	case callList:
		_, err = countAll(c.RunGroups().List().Count().All(ctx))
	case callGet:
		_, err = g.Get(ctx)
	case callCreate:
		_, err = c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "n"}})
	case callFile:
		_, err = g.ErrorsAndWarningsFile(ctx)
	}
	return err
}

// cannedClient returns a client whose Graph answers every request with status, content
// type and body.
func cannedClient(t *testing.T, status int, contentType, body string) *industrydata.Client {
	t.Helper()
	ts := serveOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	c, err := industrydata.NewClient(industrydata.WithBaseURL(ts.URL), industrydata.WithStaticToken("canned-token"),
		industrydata.WithRetry(fastRetry()))
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// TestMalformedResponsesGetClearErrors answers with broken or hostile JSON, HTML and
// empty bodies. Each must end in an error (no panic, no partial success) whose message
// names what was wrong and where, stays on one line and stays short whatever the body.
func TestMalformedResponsesGetClearErrors(t *testing.T) {
	deep := func(n int, open, close string) string { return strings.Repeat(open, n) + strings.Repeat(close, n) }
	const jsonType, htmlType = "application/json", "text/html; charset=utf-8"
	cases := []struct {
		name   string
		call   call
		status int
		ctype  string
		body   string
		want   []string // the error names these
	}{
		{"duplicate-key/entity", callGet, 200, jsonType, `{"id":"g1","displayName":"a","displayName":"b"}`, []string{"duplicate", "displayName"}},
		{"duplicate-key/id", callGet, 200, jsonType, `{"id":"g1","id":"other"}`, []string{"duplicate", "id"}},
		{"duplicate-key/item", callList, 200, jsonType, `{"value":[{"id":"a","status":"failed","status":"completed"}]}`, []string{"duplicate", "status"}},
		{"duplicate-key/value", callList, 200, jsonType, `{"value":[{"id":"a"}],"value":[{"id":"b"}]}`, []string{"duplicate", "value"}},
		{"duplicate-key/nextLink", callList, 200, jsonType, `{"value":[],"@odata.nextLink":"http://127.0.0.1:1/a","@odata.nextLink":null}`, []string{"duplicate", "@odata.nextLink"}},
		{"duplicate-key/count", callList, 200, jsonType, `{"value":[],"@odata.count":1,"@odata.count":2}`, []string{"duplicate", "@odata.count"}},
		{"duplicate-key/file-link", callFile, 200, jsonType, `{"value":"https://a.example/f?sig=1","value":"https://b.example/f?sig=2"}`, []string{"duplicate", "value"}},
		{"wrong-type/number-for-string", callGet, 200, jsonType, `{"id":"g1","displayName":5}`, []string{"displayName", "string"}},
		{"wrong-type/number-for-id", callList, 200, jsonType, `{"value":[{"id":42}]}`, []string{"id", "string"}},
		{"wrong-type/bool-for-enum", callGet, 200, jsonType, `{"id":"g1","status":true}`, []string{"status"}},
		{"wrong-type/bad-timestamp", callGet, 200, jsonType, `{"id":"g1","startDateTime":"yesterday"}`, []string{"startDateTime", "timestamp"}},
		{"wrong-type/object-for-value", callList, 200, jsonType, `{"value":{"id":"a"}}`, []string{"value", "array"}},
		{"wrong-type/number-for-nextLink", callList, 200, jsonType, `{"value":[],"@odata.nextLink":5}`, []string{"@odata.nextLink"}},
		{"wrong-type/string-for-count", callList, 200, jsonType, `{"value":[],"@odata.count":"many"}`, []string{"@odata.count"}},
		{"wrong-type/number-for-file-link", callFile, 200, jsonType, `{"value":5}`, []string{"value", "string"}},
		{"wrong-type/array-for-entity", callGet, 200, jsonType, `[{"id":"g1"}]`, []string{"object"}},
		{"wrong-type/null-entity", callCreate, 201, jsonType, `null`, []string{"object"}},
		{"no-value", callList, 200, jsonType, `{"items":[]}`, []string{"value"}},
		{"deep/100k-arrays", callGet, 200, jsonType, `{"id":"g1","statistics":` + deep(100_000, "[", "]") + `}`, []string{"depth"}},
		{"deep/100k-objects", callList, 200, jsonType, `{"value":[{"id":"a","x":` + deep(100_000, `{"a":`, "}") + `}]}`, []string{"depth"}},
		{"invalid-utf8/string", callGet, 200, jsonType, "{\"id\":\"g1\",\"displayName\":\"bad\xff\"}", []string{"displayName", "UTF-8"}},
		{"invalid-utf8/id", callList, 200, jsonType, "{\"value\":[{\"id\":\"a\xffb\"}]}", []string{"id", "UTF-8"}},
		{"raw-control-character", callGet, 200, jsonType, "{\"id\":\"g1\",\"displayName\":\"a\x01b\"}", []string{"invalid character"}},
		{"trailing-garbage", callList, 200, jsonType, `{"value":[]} {"value":[]}`, []string{"JSON"}},
		{"truncated-json", callList, 200, jsonType, `{"value":[{"id":"a"`, []string{"JSON"}},
		{"html/200", callList, 200, htmlType, "<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>", []string{"JSON", "<!DOCTYPE html>"}},
		{"html/502", callGet, 502, htmlType, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", []string{"502", "Bad Gateway"}},
		{"html/500-create", callCreate, 500, htmlType, "<html><body>Internal error</body></html>", []string{"500", "outcome unknown"}},
		{"empty/200-list", callList, 200, jsonType, "", []string{"empty"}},
		{"empty/200-get", callGet, 200, jsonType, "", []string{"empty"}},
		{"empty/200-file", callFile, 200, jsonType, "", []string{"empty"}},
		{"empty/201-create", callCreate, 201, jsonType, "", []string{"empty"}},
		{"empty/404", callGet, 404, "", "", []string{"404"}},
		{"whitespace/200", callGet, 200, jsonType, " \r\n\t ", []string{"empty"}},
	}
	ctx := context.Background()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := cannedClient(t, tc.status, tc.ctype, tc.body)
			err := tc.call.run(ctx, c)
			require.Error(t, err, "a %s answered with %.60q must fail", tc.call, tc.body)
			msg := err.Error()
			for _, w := range tc.want {
				assert.Contains(t, msg, w, "the error names what was wrong")
			}
			assert.True(t, utf8.ValidString(msg), "the message is valid UTF-8: %q", msg)
			assert.NotContains(t, msg, "\n", "the message is one line")
			assert.Less(t, len(msg), 1024, "the message stays short whatever the body")
			if tc.status >= 400 {
				var ge *industrydata.Error
				assert.True(t, errors.As(err, &ge), "a non-success status is an *industrydata.Error")
			}
		})
	}
}

// TestDeepButLegalNestingIsKept sends nesting just inside encoding/json's limit in an
// unknown property: it is valid JSON, so it is decoded, kept verbatim and sent back in an
// update without a stack overflow.
func TestDeepButLegalNestingIsKept(t *testing.T) {
	const depth = 9_000
	nested := strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth)
	c := cannedClient(t, 200, "application/json", `{"id":"g1","displayName":"d","custom":`+nested+`}`)
	rg, err := c.RunGroups().ByID("g1").Get(context.Background())
	require.NoError(t, err)
	raw, err := rg.MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(raw), nested, "kept verbatim")
}
