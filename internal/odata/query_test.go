package odata

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQueryEncode(t *testing.T) {
	tests := []struct {
		name string
		q    Query
		want string
	}{
		{"zero value", Query{}, ""},
		{"top only when HasTop", Query{Top: 5}, ""},
		{"top zero is sent", Query{HasTop: true}, "$top=0"},
		{"negative skip not sent", Query{Skip: -1}, ""},
		{"count false not sent", Query{Count: false, Select: []string{"id"}}, "$select=id"},
		{
			"all options in fixed order",
			Query{
				Count:   true,
				Skip:    20,
				Top:     10,
				HasTop:  true,
				OrderBy: []string{"startDateTime desc", "displayName"},
				Search:  "nightly run",
				Filter:  "status eq 'failed'",
				Expand:  []string{"runs($select=id,status)"},
				Select:  []string{"id", "displayName"},
			},
			"$select=id,displayName" +
				"&$expand=runs($select=id,status)" +
				"&$filter=status%20eq%20'failed'" +
				`&$search=%22nightly%20run%22` +
				"&$orderby=startDateTime%20desc,displayName" +
				"&$top=10&$skip=20&$count=true",
		},
		{
			"reserved characters in a string literal are encoded",
			Query{Filter: "displayName eq 'a+b&c#d%e;f?g'"},
			"$filter=displayName%20eq%20'a%2Bb%26c%23d%25e%3Bf%3Fg'",
		},
		{
			"time literal keeps colons readable",
			Query{Filter: "startDateTime ge 2026-01-02T12:00:00.1234567Z"},
			"$filter=startDateTime%20ge%202026-01-02T12:00:00.1234567Z",
		},
		{
			"non-ASCII and control bytes are percent-encoded as UTF-8",
			Query{Filter: "displayName eq 'é\n'"},
			"$filter=displayName%20eq%20'%C3%A9%0A'",
		},
		{
			"search escapes quotes and backslashes",
			Query{Search: `say "hi" \ bye`},
			`$search=%22say%20%5C%22hi%5C%22%20%5C%5C%20bye%22`,
		},
		{
			"nested expand separators",
			Query{Expand: []string{"runs($select=id;$top=5)", "process"}},
			"$expand=runs($select=id%3B$top=5),process",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.q.Encode())
		})
	}
}

// TestQueryEncodeDecodes checks that a standard query parser reads back every value
// exactly, which is what Graph does before parsing the OData expressions.
func TestQueryEncodeDecodes(t *testing.T) {
	q := Query{
		Select:  []string{"id", "displayName"},
		Expand:  []string{"runs($select=id;$filter=status eq 'a;b')"},
		Filter:  "displayName eq 'x+y & z #1 100% ''quoted'' é' or id eq 'a=b'",
		Search:  `say "hi"`,
		OrderBy: []string{"displayName desc"},
		Top:     3,
		HasTop:  true,
		Skip:    4,
		Count:   true,
	}
	raw := q.Encode()
	assert.NotContains(t, raw, "+")
	assert.NotContains(t, raw, " ")
	assert.NotContains(t, raw, "%24", "option names keep a literal $")

	vals, err := url.ParseQuery(raw)
	require.NoError(t, err)
	assert.Equal(t, "id,displayName", vals.Get("$select"))
	assert.Equal(t, q.Expand[0], vals.Get("$expand"))
	assert.Equal(t, q.Filter, vals.Get("$filter"))
	assert.Equal(t, `"say \"hi\""`, vals.Get("$search"))
	assert.Equal(t, "displayName desc", vals.Get("$orderby"))
	assert.Equal(t, "3", vals.Get("$top"))
	assert.Equal(t, "4", vals.Get("$skip"))
	assert.Equal(t, "true", vals.Get("$count"))
	assert.Len(t, vals, 8)
}

// TestQueryEncodeSurvivesHTTP sends an encoded query through net/http to a local server and
// checks that it arrives byte for byte.
func TestQueryEncodeSurvivesHTTP(t *testing.T) {
	var gotURI string
	var gotFilter string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotURI = r.RequestURI
		gotFilter = r.URL.Query().Get("$filter")
	}))
	defer srv.Close()

	q := Query{Filter: "displayName eq 'O''Brien + co & sons #1'", Select: []string{"id"}}
	target := srv.URL + "/industryData/runGroups?" + q.Encode()
	req, err := http.NewRequest(http.MethodGet, target, nil)
	require.NoError(t, err)
	assert.Equal(t, target, req.URL.String())
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())

	assert.Equal(t, "/industryData/runGroups?"+q.Encode(), gotURI)
	assert.Equal(t, q.Filter, gotFilter)
}

func TestQueryValidate(t *testing.T) {
	valid := []Query{
		{},
		{Select: []string{"*"}},
		{Select: []string{"id", "statistics/recordCount"}},
		{OrderBy: []string{"displayName", "startDateTime desc", "id asc"}},
		{Expand: []string{"runs", "*", "process($select=id,displayName)"}},
		{Expand: []string{"runs($select=id;$filter=status eq 'a;b)';$orderby=id desc;$top=5;$skip=0;$count=true)"}},
		{Expand: []string{"runs($expand=process($select=id);$levels=max)"}},
		{Expand: []string{"runs($search=\"a;b\")"}},
		{Filter: "a eq 'x' and (b eq 1 or c eq 2)"},
		{HasTop: true, Top: 0},
		{Search: "anything at all"},
	}
	for _, q := range valid {
		assert.NoError(t, q.Validate(), "%+v", q)
	}

	invalid := []struct {
		name     string
		q        Query
		wantText string
	}{
		{"select with space", Query{Select: []string{"id", "a b"}}, `$select entry 1 "a b"`},
		{"select empty", Query{Select: []string{""}}, "$select entry 0"},
		{"select list in one entry", Query{Select: []string{"id,displayName"}}, `','`},
		{"orderby bad direction", Query{OrderBy: []string{"id descending"}}, `"descending" must be asc or desc`},
		{"orderby upper direction", Query{OrderBy: []string{"id DESC"}}, "asc or desc"},
		{"orderby two spaces", Query{OrderBy: []string{"id  desc"}}, "asc or desc"},
		{"orderby injection", Query{OrderBy: []string{"id,displayName"}}, "$orderby entry 0"},
		{"expand bad name", Query{Expand: []string{"runs)"}}, "$expand entry 0"},
		{"expand unclosed", Query{Expand: []string{"runs($select=id"}}, "must end with ')'"},
		{"expand empty options", Query{Expand: []string{"runs()"}}, "empty"},
		{"expand trailing text", Query{Expand: []string{"runs($select=id)x"}}, "must end with ')'"},
		{"expand escapes parens", Query{Expand: []string{"runs($select=id)&$top=1($select=id)"}}, "no matching '('"},
		{"expand unknown option", Query{Expand: []string{"runs($format=json)"}}, `unknown nested option "$format"`},
		{"expand option without value", Query{Expand: []string{"runs($select)"}}, "$name=value"},
		{"expand nested bad select", Query{Expand: []string{"runs($select=id,a b)"}}, `"a b"`},
		{"expand nested bad top", Query{Expand: []string{"runs($top=-1)"}}, "non-negative integer"},
		{"expand nested bad count", Query{Expand: []string{"runs($count=yes)"}}, "true or false"},
		{"expand nested unbalanced filter", Query{Expand: []string{"runs($filter=a eq 'x)"}}, "unterminated"},
		{"expand too deep", Query{Expand: []string{deepExpand(maxExpandDepth + 1)}}, "deeper than"},
		{"filter unbalanced", Query{Filter: "a eq 1) or (1 eq 1"}, "$filter"},
		{"filter invalid UTF-8", Query{Filter: "a eq '\xff'"}, "UTF-8"},
		{"search invalid UTF-8", Query{Search: "\xff"}, "UTF-8"},
		{"negative top", Query{HasTop: true, Top: -1}, "$top must not be negative"},
		{"negative skip", Query{Skip: -2}, "$skip must not be negative"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.q.Validate()
			require.ErrorIs(t, err, ErrInvalidQuery)
			assert.Contains(t, err.Error(), tt.wantText)
		})
	}

	assert.NoError(t, Query{Expand: []string{deepExpand(maxExpandDepth)}}.Validate())
	assert.ErrorIs(t, Query{Select: []string{"a b"}}.Validate(), ErrInvalidProperty)
}

// deepExpand builds an expand item nested n levels deep: a($expand=a($expand=...)).
func deepExpand(n int) string {
	s := "a"
	for i := 1; i < n; i++ {
		s = "a($expand=" + s + ")"
	}
	return s
}
