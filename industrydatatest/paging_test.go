package industrydatatest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go/industrydatatest"
)

// seedMany stores n run groups named rg-00000..., alternating failed and
// completed.
func seedMany(g *graph, n int) {
	docs := make([]industrydatatest.Document, n)
	for i := range docs {
		status := "completed"
		if i%2 == 1 {
			status = "failed"
		}
		docs[i] = industrydatatest.Document{"displayName": fmt.Sprintf("rg-%05d", i), "status": status}
	}
	g.seed(docs...)
}

// page is one collection page as a client sees it.
type page struct {
	items    []map[string]any
	nextLink string
	count    any
}

func (g *graph) page(link string, header ...string) page {
	g.t.Helper()
	r := g.do("GET", link, nil, header...)
	body := r.obj(g.t)
	next, _ := body["@odata.nextLink"].(string)
	return page{items: values(g.t, r), nextLink: next, count: body["@odata.count"]}
}

// followAll follows nextLinks verbatim and returns every item and the number
// of pages.
func (g *graph) followAll(first string, header ...string) ([]map[string]any, []page) {
	g.t.Helper()
	var all []map[string]any
	var pages []page
	for link := first; link != ""; {
		p := g.page(link, header...)
		all = append(all, p.items...)
		pages = append(pages, p)
		require.Less(g.t, len(pages), 1000, "paging does not end")
		link = p.nextLink
	}
	return all, pages
}

func TestPagingServesEveryItemExactlyOnce(t *testing.T) {
	g := newGraph(t)
	seedMany(g, 2345)
	all, pages := g.followAll("/runGroups?$count=true")
	require.Len(t, pages, 24)
	seen := map[string]int{}
	for _, it := range all {
		seen[it["id"].(string)]++
	}
	assert.Len(t, seen, 2345)
	for id, n := range seen {
		require.Equal(t, 1, n, id)
	}
	for i, p := range pages {
		assert.Equal(t, float64(2345), p.count, "page %d", i)
		if i < 23 {
			assert.Len(t, p.items, industrydatatest.DefaultPageSize)
		}
	}
	assert.Len(t, pages[23].items, 45)
}

func TestNextLinkKeepsOptionsAndCarriesFragileToken(t *testing.T) {
	g := newGraph(t)
	seedMany(g, 30)
	first := "/runGroups?" + query("$filter", "status eq 'failed'", "$orderby", "displayName desc", "$select", "id,displayName") + "&custom=1"
	p := g.page(first, "Prefer", "odata.maxpagesize=4")
	require.NotEmpty(t, p.nextLink)
	link, err := url.Parse(p.nextLink)
	require.NoError(t, err)
	base, _ := url.Parse(g.s.URL())
	assert.Equal(t, base.Host, link.Host, "absolute, same host")
	assert.Equal(t, "/beta/industryData/runGroups", link.Path)
	assert.True(t, strings.HasPrefix(link.RawQuery, strings.TrimPrefix(first, "/runGroups?")+"&$skiptoken="), link.RawQuery)
	token := link.RawQuery[strings.Index(link.RawQuery, "$skiptoken=")+len("$skiptoken="):]
	for _, esc := range []string{"%27", "%2B", "%2F"} {
		assert.Contains(t, token, esc)
	}

	all, pages := g.followAll(first, "Prefer", "odata.maxpagesize=4")
	assert.Len(t, pages, 4)
	require.Len(t, all, 15)
	assert.Equal(t, "rg-00029", all[0]["displayName"])
	assert.Equal(t, "rg-00001", all[14]["displayName"])
}

func TestMangledNextLinksAreRejected(t *testing.T) {
	g := newGraph(t)
	seedMany(g, 10)
	p := g.page("/runGroups?"+query("$filter", "status ne 'running'"), "Prefer", "odata.maxpagesize=3")
	require.NotEmpty(t, p.nextLink)
	link, _ := url.Parse(p.nextLink)

	reencoded := *link
	reencoded.RawQuery = link.Query().Encode() // turns $ into %24
	plusDecoded := strings.Replace(p.nextLink, "%2B", "+", 1)
	doubled := strings.Replace(p.nextLink, "%27", "%2527", 1)
	otherQuery := strings.Replace(p.nextLink, "running", "failed", 1)
	tampered := strings.Replace(p.nextLink, "%2B%2F%2B%2F", "%2B%2F%2B%2FA", 1)
	unknown := g.s.BaseURL() + "/industryData/runGroups?$skiptoken=" + url.QueryEscape("X'abc'")

	cases := map[string]string{
		"re-encoded query": reencoded.String(),
		"plus decoded":     plusDecoded,
		"double encoded":   doubled,
		"other query":      otherQuery,
		"tampered":         tampered,
		"unknown token":    unknown,
	}
	for name, l := range cases {
		t.Run(name, func(t *testing.T) {
			require.NotEqual(t, p.nextLink, l)
			code, msg := graphError(t, g.do("GET", l, nil), http.StatusBadRequest)
			assert.Equal(t, "BadRequest", code)
			assert.NotEmpty(t, msg)
		})
	}
	assert.Len(t, g.page(p.nextLink, "Prefer", "odata.maxpagesize=3").items, 3, "the verbatim link still works")
}

func TestTopLimitsItemsAcrossPages(t *testing.T) {
	g := newGraph(t, industrydatatest.WithMaxPageSize(100))
	seedMany(g, 400)
	all, pages := g.followAll("/runGroups?$top=250&$skip=10")
	require.Len(t, pages, 3)
	assert.Len(t, pages[2].items, 50)
	assert.Empty(t, pages[2].nextLink)
	require.Len(t, all, 250)
	assert.Equal(t, "rg-00010", all[0]["displayName"])
	assert.Equal(t, "rg-00259", all[249]["displayName"])
}

func TestSmallDefaultPageSizeAndEmptyCollection(t *testing.T) {
	g := newGraph(t, industrydatatest.WithMaxPageSize(7))
	p := g.page("/runGroups")
	assert.Empty(t, p.items)
	assert.Empty(t, p.nextLink)
	seedMany(g, 7)
	p = g.page("/runGroups")
	assert.Len(t, p.items, 7)
	assert.Empty(t, p.nextLink, "no link when the last page is exactly full")
}

func TestPagingTenThousandItems(t *testing.T) {
	g := newGraph(t)
	seedMany(g, 10000)
	all, pages := g.followAll("/runGroups?" + query("$orderby", "displayName desc", "$filter", "status eq 'failed'"))
	assert.Len(t, pages, 50)
	require.Len(t, all, 5000)
	assert.Equal(t, "rg-09999", all[0]["displayName"])
	assert.Equal(t, "rg-00001", all[4999]["displayName"])
}
