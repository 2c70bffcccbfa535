package reliability_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// hostileNames are display names that try to end a filter literal, smuggle a query
// option or an escape, or look like syntax.
var hostileNames = []string{
	"x' or 1 eq 1 or displayName eq 'y", "'", "''", "a'b", "') or (displayName ne '", `\'`, "%27",
	"x%27%20or%20true", "a&$top=1", "a#b", "a+b c", "a;b", "startswith(displayName,'a')", "null", "true",
	"line\nbreak", "tab\there", "nul\x00byte", "unit\x1fsep", "é e\u0301 \u2028 😀",
}

// TestFilterLiteralInjection seeds a run group for each hostile name and filters for it
// with the SDK's constructors: the in-memory server's own OData parser must read each
// literal back as exactly the value given, matching that one group and nothing else.
func TestFilterLiteralInjection(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	docs := make([]industrydatatest.Document, len(hostileNames))
	for i, n := range hostileNames {
		docs[i] = industrydatatest.Document{"displayName": n, "status": "completed"}
	}
	ids, err := srv.SeedRunGroups(docs...)
	require.NoError(t, err)
	c := newClient(t, srv)
	ctx := context.Background()
	names := func(f industrydata.Filter) ([]string, error) {
		var out []string
		for rg, err := range c.RunGroups().List().Filter(f).All(ctx) {
			if err != nil {
				return out, err
			}
			out = append(out, rg.DisplayName)
		}
		return out, nil
	}
	checked := 0
	for i, n := range hostileNames {
		t.Run(fmt.Sprintf("%d", i), func(t *testing.T) {
			got, err := names(industrydata.Eq("displayName", n))
			require.NoError(t, err, "Eq(%q)", n)
			assert.Equal(t, []string{n}, got, "Eq(%q) matches exactly the group named so", n)
			got, err = names(industrydata.In("displayName", n, "no such name"))
			require.NoError(t, err)
			assert.Equal(t, []string{n}, got, "In(%q)", n)
			got, err = names(industrydata.Not(industrydata.Ne("displayName", n)))
			require.NoError(t, err)
			assert.Equal(t, []string{n}, got, "not ne %q", n)
			var want []string
			for _, m := range hostileNames {
				if strings.Contains(m, n) {
					want = append(want, m)
				}
			}
			got, err = names(industrydata.Contains("displayName", n))
			require.NoError(t, err)
			assert.Equal(t, want, got, "contains %q", n)
			checked += 4
		})
	}
	figure(t, "badinput/filter-literals", "names", len(ids), "queriesChecked", checked)
}

// TestPropertyNameInjection checks that names interpolated into $filter, $select and
// $orderby cannot carry syntax: each is refused before anything is sent, and the error
// quotes the offending name.
func TestPropertyNameInjection(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	c := newClient(t, srv)
	ctx := context.Background()
	cases := []struct {
		name, bad string
		query     industrydata.Query[industrydata.RunGroup]
	}{
		{"filter", "displayName eq 'a' or id", c.RunGroups().List().Filter(industrydata.Eq("displayName eq 'a' or id", "b"))},
		{"select", "id&$top=1", c.RunGroups().List().Select("id&$top=1")},
		{"orderby", "displayName desc,id;x", c.RunGroups().List().OrderBy("displayName desc,id;x")},
		{"in", "status) or (id", c.RunGroups().List().Filter(industrydata.In("status) or (id", "a"))},
		{"startswith", "displayName,'x') or true or startswith(id", c.RunGroups().List().Filter(
			industrydata.StartsWith("displayName,'x') or true or startswith(id", "y"))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := len(srv.Requests())
			_, err := tc.query.Page(ctx)
			require.Error(t, err)
			assert.Equal(t, before, len(srv.Requests()), "nothing was sent")
			assert.Contains(t, err.Error(), strconv.Quote(tc.bad), "the error quotes the offending name")
		})
	}
}

// TestPathInjectionInIDs addresses run groups whose ids hold path and query syntax.
// Each call must reach exactly the group with that id: reading, renaming and deleting it
// touch no other group, and an id that names no group is a 404, never another resource.
func TestPathInjectionInIDs(t *testing.T) {
	weird := []string{"a/b", "..", ".", "a/../b", "a?b=c", "a#b", "%2F", "a%20b", "a b", "$count", "getErrorsAndWarningsFile",
		"runs", "é", "a\\b", "victim/../other", ";x", "?$filter=id eq 'v'"}
	srv := industrydatatest.NewServerT(t)
	docs := []industrydatatest.Document{{"id": "victim", "displayName": "victim", "status": "completed"}}
	for i, id := range weird {
		docs = append(docs, industrydatatest.Document{"id": id, "displayName": fmt.Sprintf("weird-%d", i), "status": "completed"})
	}
	_, err := srv.SeedRunGroups(docs...)
	require.NoError(t, err)
	c := newClient(t, srv)
	ctx := context.Background()

	for i, id := range weird {
		t.Run(fmt.Sprintf("%d", i), func(t *testing.T) {
			g := c.RunGroups().ByID(id)
			rg, err := g.Get(ctx)
			require.NoError(t, err, "Get(%q)", id)
			assert.Equal(t, id, rg.ID)
			assert.Equal(t, fmt.Sprintf("weird-%d", i), rg.DisplayName)
			require.NoError(t, g.Update(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "renamed"}}))
			doc, _ := srv.RunGroup(id)
			assert.Equal(t, "renamed", doc["displayName"], "the PATCH reached %q", id)
			require.NoError(t, g.Delete(ctx))
			_, found := srv.RunGroup(id)
			assert.False(t, found, "%q was deleted", id)
			victim, found := srv.RunGroup("victim")
			require.True(t, found, "deleting %q deleted another group", id)
			assert.Equal(t, "victim", victim["displayName"], "renaming %q renamed another group", id)
		})
	}
	for _, id := range []string{"victim/..", "x/../victim", "./victim", "victim/", "victim?", "victim#", "%76ictim"} {
		t.Run("absent-"+id, func(t *testing.T) {
			err := c.RunGroups().ByID(id).Delete(ctx)
			require.ErrorIs(t, err, industrydata.ErrNotFound, "ByID(%q) names no group", id)
			_, found := srv.RunGroup("victim")
			assert.True(t, found, "ByID(%q).Delete deleted victim", id)
		})
	}
	_, err = c.RunGroups().ByID("").Get(ctx)
	require.Error(t, err, "an empty id would address the collection")
	assert.Contains(t, err.Error(), "empty")
	figure(t, "badinput/path-injection", "weirdIDs", len(weird), "absentIDs", 7, "weirdLeftAfterDelete", len(srv.RunGroups())-1)
}

// TestInvalidUTF8IsRefused sends strings that are not valid UTF-8 in each place a
// caller's string goes: a create, an update, a filter literal, an id. JSON and OData
// text must be UTF-8, and replacing the bytes would store or match something the caller
// did not write, so each is refused before sending, with an error naming the place.
func TestInvalidUTF8IsRefused(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	ids, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": "g", "status": "completed"})
	require.NoError(t, err)
	c := newClient(t, srv)
	ctx := context.Background()
	const bad = "bad\xff\xfename"
	cases := map[string]struct {
		call  func() error
		where string
	}{
		"create": {func() error {
			_, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: bad}})
			return err
		}, "displayName"},
		"update": {func() error {
			return c.RunGroups().ByID(ids[0]).Update(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: bad}})
		}, "displayName"},
		"filter": {func() error {
			_, err := c.RunGroups().List().Filter(industrydata.Eq("displayName", bad)).Page(ctx)
			return err
		}, "UTF-8"},
		"id": {func() error {
			_, err := c.RunGroups().ByID(bad).Get(ctx)
			return err
		}, "id"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			before := len(srv.Requests())
			err := tc.call()
			require.Error(t, err, "invalid UTF-8 is refused")
			assert.Contains(t, err.Error(), "UTF-8")
			assert.Contains(t, err.Error(), tc.where)
			assert.Equal(t, before, len(srv.Requests()), "refused before sending")
		})
	}
	doc, _ := srv.RunGroup(ids[0])
	assert.Equal(t, "g", doc["displayName"], "nothing was stored")
}

// TestControlCharactersRoundTrip creates run groups whose names hold every C0 control
// character, DEL, U+2028 and quotes: valid strings that JSON escapes. The server must
// store exactly the string given and the SDK must read it back unchanged.
func TestControlCharactersRoundTrip(t *testing.T) {
	var b strings.Builder
	for r := rune(0); r < 0x20; r++ {
		b.WriteRune(r)
	}
	names := []string{b.String(), "a\x7fb", "\u2028\u2029", `"quoted" \back\slash`, "\ufeffbom", "\U0010ffff"}
	srv := industrydatatest.NewServerT(t)
	c := newClient(t, srv)
	ctx := context.Background()
	for i, name := range names {
		t.Run(fmt.Sprintf("%d", i), func(t *testing.T) {
			rg, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: name}})
			require.NoError(t, err)
			assert.Equal(t, name, rg.DisplayName, "the create answer")
			doc, _ := srv.RunGroup(rg.ID)
			assert.Equal(t, name, doc["displayName"], "stored exactly")
			got, err := c.RunGroups().ByID(rg.ID).Get(ctx)
			require.NoError(t, err)
			assert.Equal(t, name, got.DisplayName, "read back exactly")
		})
	}
}

// TestHeaderInjectionIsRefusedAtOnce gives a header value with CR LF: the request is
// refused with an error naming the header, and not retried (it can never succeed).
func TestHeaderInjectionIsRefusedAtOnce(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	logs := &logCapture{}
	c := newClient(t, srv, industrydata.WithLogger(logs.logger()))
	before := len(srv.Requests())
	_, err := c.RunGroups().List().Header("ConsistencyLevel", "eventual\r\nAuthorization: Bearer stolen").Page(context.Background())
	require.Error(t, err)
	assert.Contains(t, strings.ToLower(err.Error()), "consistencylevel")
	apiRequests := 0
	for _, r := range srv.Requests()[before:] {
		if strings.Contains(r.Path, "/industryData/") {
			apiRequests++
		}
	}
	assert.Zero(t, apiRequests, "nothing reached Graph")
	assert.Zero(t, logs.count("industrydata: retrying"), "a request that cannot be sent is not retried: %v", err)
}
