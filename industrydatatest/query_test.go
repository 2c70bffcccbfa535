package industrydatatest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go/industrydatatest"
)

// seedFive stores run groups chosen so that every operator separates them.
func seedFive(g *graph) []string {
	return g.seed(
		industrydatatest.Document{"displayName": "Alpha", "status": "completed",
			"startDateTime": "2026-01-01T08:00:00Z", "endDateTime": "2026-01-01T09:00:00.1234567Z",
			"statistics": map[string]any{"inboundTotals": map[string]any{"errors": 0}}},
		industrydatatest.Document{"displayName": "Beta", "status": "failed",
			"startDateTime": "2026-01-02T12:00:00Z", "endDateTime": "2026-01-02T12:30:00+01:00",
			"statistics":    map[string]any{"inboundTotals": map[string]any{"errors": 5}},
			"blockingError": map[string]any{"code": "InvalidSourceData"}},
		industrydatatest.Document{"displayName": "O'Brien import", "status": "failed",
			"startDateTime": "2026-01-03T00:00:00.5Z", "endDateTime": nil},
		industrydatatest.Document{"displayName": "gamma", "status": "running",
			"startDateTime": "2026-01-04T10:00:00-05:00", "endDateTime": nil,
			"statistics": map[string]any{"inboundTotals": map[string]any{"errors": 2}}},
		industrydatatest.Document{"displayName": "Delta", "status": "completedWithWarnings",
			"startDateTime": "2026-01-02T11:59:59Z"},
	)
}

func TestFilterOperators(t *testing.T) {
	g := newGraph(t)
	seedFive(g)
	cases := map[string][]string{
		"status eq 'failed'":                                                    {"Beta", "O'Brien import"},
		"status ne 'failed'":                                                    {"Alpha", "gamma", "Delta"},
		"startDateTime ge 2026-01-02T12:00:00Z":                                 {"Beta", "O'Brien import", "gamma"},
		"startDateTime gt 2026-01-02T12:00:00Z":                                 {"O'Brien import", "gamma"},
		"startDateTime lt 2026-01-02T12:00:00Z":                                 {"Alpha", "Delta"},
		"startDateTime le 2026-01-02T13:00:00+01:00":                            {"Alpha", "Beta", "Delta"},
		"endDateTime gt 2026-01-02T11:00:00Z":                                   {"Beta"},
		"displayName eq 'O''Brien import'":                                      {"O'Brien import"},
		"displayName eq 'alpha'":                                                {},
		"startswith(displayName,'Al')":                                          {"Alpha"},
		"endswith(displayName, 'ta')":                                           {"Beta", "Delta"},
		"contains(displayName,'amm')":                                           {"gamma"},
		"status in ('running', 'completed')":                                    {"Alpha", "gamma"},
		"endDateTime eq null":                                                   {"O'Brien import", "gamma", "Delta"},
		"endDateTime ne null":                                                   {"Alpha", "Beta"},
		"not (status eq 'failed')":                                              {"Alpha", "gamma", "Delta"},
		"not startswith(displayName,'g')":                                       {"Alpha", "Beta", "O'Brien import", "Delta"},
		"statistics/inboundTotals/errors gt 1":                                  {"Beta", "gamma"},
		"blockingError ne null":                                                 {"Beta"},
		"status eq microsoft.graph.runStatus'failed'":                           {"Beta", "O'Brien import"},
		"'failed' eq status":                                                    {"Beta", "O'Brien import"},
		"2026-01-02T12:00:00Z lt startDateTime":                                 {"O'Brien import", "gamma"},
		"status eq 'failed' or status eq 'running' and displayName eq 'nobody'": {"Beta", "O'Brien import"},
		"(status eq 'running' or status eq 'completed') and not startswith(displayName,'g')": {"Alpha"},
		"status eq 'failed' and startDateTime lt 2026-01-03T00:00:00Z":                       {"Beta"},
	}
	for filter, want := range cases {
		t.Run(filter, func(t *testing.T) {
			items := values(t, g.do("GET", "/runGroups?"+query("$filter", filter), nil))
			assert.Equal(t, want, names(items))
		})
	}
}

func TestInvalidFilterSaysWhatAndWhere(t *testing.T) {
	g := newGraph(t)
	cases := map[string]string{
		"status eq":         "ends where a property or literal was expected",
		"status eq 'bogus'": "'bogus' is not a valid enumeration type constant",
		"startDateTime ge '2026-01-02T12:00:00Z'": "incompatible types",
		"displayName eq 2026-01-02T12:00:00Z":     "incompatible types",
		"nosuch eq 'x'":                           "could not find a property named 'nosuch'",
		"status/code eq 'x'":                      "has no property 'code'",
		"displayName eq 'unterminated":            "unterminated string literal",
		"tolower(displayName) eq 'x'":             "unknown function 'tolower'",
		"(status eq 'failed'":                     "expected ')'",
		"status eq 'failed' and":                  "ends where",
		"status 'failed'":                         "unexpected",
		"displayName eq 2026-13-45":               "not a valid literal",
		"status eq 'failed' garbage":              "unexpected 'garbage'",
		"displayName":                             "not a boolean expression",
		"blockingError gt null":                   "can only be compared with null",
		"status eq 'failed' & x":                  "unexpected character '&'",
	}
	for filter, want := range cases {
		t.Run(filter, func(t *testing.T) {
			code, msg := graphError(t, g.do("GET", "/runGroups?"+query("$filter", filter), nil), http.StatusBadRequest)
			assert.Equal(t, "BadRequest", code)
			assert.Contains(t, msg, want)
			assert.Contains(t, msg, "at position")
			assert.Contains(t, msg, filter)
		})
	}
}

func TestOrderBy(t *testing.T) {
	g := newGraph(t)
	seedFive(g)
	cases := map[string][]string{
		"startDateTime desc":                   {"gamma", "O'Brien import", "Beta", "Delta", "Alpha"},
		"startDateTime":                        {"Alpha", "Delta", "Beta", "O'Brien import", "gamma"},
		"status,displayName desc":              {"Alpha", "Delta", "O'Brien import", "Beta", "gamma"},
		"endDateTime asc":                      {"O'Brien import", "gamma", "Delta", "Alpha", "Beta"},
		"statistics/inboundTotals/errors desc": {"Beta", "gamma", "Alpha", "O'Brien import", "Delta"},
	}
	for orderBy, want := range cases {
		t.Run(orderBy, func(t *testing.T) {
			assert.Equal(t, want, names(values(t, g.do("GET", "/runGroups?"+query("$orderby", orderBy), nil))))
		})
	}
	for _, bad := range []string{"nosuch", "status sideways", "status asc extra", "status,"} {
		_, msg := graphError(t, g.do("GET", "/runGroups?"+query("$orderby", bad), nil), http.StatusBadRequest)
		assert.Contains(t, msg, "$orderby", bad)
	}
}

func TestSelect(t *testing.T) {
	g := newGraph(t)
	seedFive(g)
	r := g.do("GET", "/runGroups?"+query("$select", "id,status"), nil)
	assert.Equal(t, g.s.BaseURL()+"/$metadata#industryData/runGroups(id,status)", r.obj(t)["@odata.context"])
	for _, it := range values(t, r) {
		assert.ElementsMatch(t, []string{"@odata.type", "id", "status"}, keys(it))
	}
	_, msg := graphError(t, g.do("GET", "/runGroups?"+query("$select", "id,bogus"), nil), http.StatusBadRequest)
	assert.Equal(t, "Could not find a property named 'bogus' on type 'microsoft.graph.runGroup'.", msg)

	ids := g.s.RunGroups()
	one := g.do("GET", "/runGroups/"+ids[0]["id"].(string)+"?"+query("$select", "displayName"), nil)
	require.Equal(t, http.StatusOK, one.status)
	body := one.obj(t)
	assert.Equal(t, g.s.BaseURL()+"/$metadata#industryData/runGroups(displayName)/$entity", body["@odata.context"])
	assert.Equal(t, "Alpha", body["displayName"])
	assert.NotContains(t, body, "status")
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestTopSkipCount(t *testing.T) {
	g := newGraph(t)
	seedFive(g)
	assert.Equal(t, []string{"Beta", "O'Brien import"}, names(values(t, g.do("GET", "/runGroups?$top=2&$skip=1", nil))))
	assert.Empty(t, values(t, g.do("GET", "/runGroups?$top=0", nil)))
	assert.Empty(t, values(t, g.do("GET", "/runGroups?$skip=50", nil)))

	r := g.do("GET", "/runGroups?"+query("$filter", "status eq 'failed'", "$count", "true", "$top", "1"), nil)
	assert.Equal(t, float64(2), r.obj(t)["@odata.count"], "count ignores $top")
	assert.Len(t, values(t, r), 1)

	for _, bad := range []string{"$top=-1", "$top=x", "$skip=1.5", "$count=yes"} {
		code, msg := graphError(t, g.do("GET", "/runGroups?"+bad, nil), http.StatusBadRequest)
		assert.Equal(t, "BadRequest", code)
		assert.Contains(t, msg, "Invalid value", bad)
	}
}

func TestExpandRuns(t *testing.T) {
	g := newGraph(t)
	ids := seedFive(g)
	_, err := g.s.SeedRuns(ids[0],
		industrydatatest.Document{"displayName": "r1", "status": "completed"},
		industrydatatest.Document{"displayName": "r2", "status": "failed"},
		industrydatatest.Document{"displayName": "r3", "status": "failed"})
	require.NoError(t, err)

	items := values(t, g.do("GET", "/runGroups?$expand=runs", nil))
	require.Len(t, items, 5)
	assert.Len(t, items[0]["runs"], 3)
	assert.Equal(t, []any{}, items[1]["runs"])

	nested := "runs($select=displayName;$filter=status eq 'failed';$orderby=displayName desc;$top=1)"
	one := g.do("GET", "/runGroups/"+ids[0]+"?"+query("$expand", nested), nil)
	require.Equal(t, http.StatusOK, one.status, "body: %s", one.raw)
	runs := one.obj(t)["runs"].([]any)
	require.Len(t, runs, 1)
	assert.Equal(t, map[string]any{"@odata.type": "#microsoft.graph.run", "displayName": "r3"}, runs[0])

	_, msg := graphError(t, g.do("GET", "/runGroups?$expand=owner", nil), http.StatusBadRequest)
	assert.Contains(t, msg, "'owner'")
	graphError(t, g.do("GET", "/runGroups/"+ids[0]+"/runs?$expand=runs", nil), http.StatusBadRequest)
	graphError(t, g.do("GET", "/runGroups?"+query("$expand", "runs($count=true)"), nil), http.StatusBadRequest)
}

func TestQueryOptionErrors(t *testing.T) {
	g := newGraph(t)
	ids := seedFive(g)
	cases := map[string]string{
		"/runGroups?$foo=1":                                             "The query parameter '$foo' is not supported.",
		"/runGroups?%24top=1":                                           "literal '$'",
		"/runGroups?$top=1&$top=2":                                      "specified more than once",
		"/runGroups?$search=%22x%22":                                    "'$search' is not allowed",
		"/runGroups/" + ids[0] + "?$filter=id%20eq%20'x'":               "'$filter' is not allowed",
		"/runGroups/" + ids[0] + "/getErrorsAndWarningsFile?$select=id": "'$select' is not allowed",
		"/runGroups?$filter=%ZZ":                                        "percent-encoding",
	}
	for path, want := range cases {
		t.Run(path, func(t *testing.T) {
			code, msg := graphError(t, g.do("GET", path, nil), http.StatusBadRequest)
			assert.Equal(t, "BadRequest", code)
			assert.Contains(t, msg, want)
		})
	}
	assert.Len(t, values(t, g.do("GET", "/runGroups?custom=ignored", nil)), 5, "custom parameters are ignored")
}

func TestPreferMaxPageSize(t *testing.T) {
	g := newGraph(t)
	seedFive(g)
	r := g.do("GET", "/runGroups", nil, "Prefer", "odata.maxpagesize=2")
	assert.Equal(t, "odata.maxpagesize=2", r.header.Get("Preference-Applied"))
	assert.Len(t, values(t, r), 2)
	assert.Contains(t, r.obj(t), "@odata.nextLink")

	r = g.do("GET", "/runGroups", nil, "Prefer", "include-unknown-enum-members, odata.maxpagesize=5000")
	assert.Equal(t, "odata.maxpagesize=999,include-unknown-enum-members", r.header.Get("Preference-Applied"))
	assert.Len(t, values(t, r), 5)

	assert.Empty(t, g.do("GET", "/runGroups", nil).header.Get("Preference-Applied"))
}

func TestUnknownEnumMembersNeedPrefer(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{"displayName": "future", "status": "paused"})
	assert.Equal(t, "unknownFutureValue", values(t, g.do("GET", "/runGroups", nil))[0]["status"])
	r := g.do("GET", "/runGroups/"+ids[0], nil, "Prefer", "include-unknown-enum-members")
	assert.Equal(t, "paused", r.obj(t)["status"])
	assert.Equal(t, "include-unknown-enum-members", r.header.Get("Preference-Applied"))
}
