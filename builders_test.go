package industrydata_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
)

const mockBase = "https://graph.microsoft.com/beta"

// mockClient returns a client whose requests go to an httpmock transport.
func mockClient(t *testing.T, opts ...industrydata.Option) (*industrydata.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	opts = append([]industrydata.Option{
		industrydata.WithHTTPClient(&http.Client{Transport: mt}),
		industrydata.WithStaticToken("test-token"),
		industrydata.WithRetry(industrydata.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}),
	}, opts...)
	c, err := industrydata.NewClient(opts...)
	require.NoError(t, err)
	return c, mt
}

// recorder answers with body and records each request's URL, headers and body.
type recorder struct {
	urls    []string
	headers []http.Header
	bodies  []string
}

func (r *recorder) responder(status int, body string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		r.urls = append(r.urls, req.URL.String())
		r.headers = append(r.headers, req.Header.Clone())
		if req.Body != nil {
			b, _ := io.ReadAll(req.Body)
			r.bodies = append(r.bodies, string(b))
		} else {
			r.bodies = append(r.bodies, "")
		}
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		if body == "" {
			resp.ContentLength = 0
		}
		return resp, nil
	}
}

func TestIDsArePathEscaped(t *testing.T) {
	c, mt := mockClient(t)
	var rec recorder
	mt.RegisterNoResponder(rec.responder(404, `{"error":{"code":"NotFound","message":"no"}}`))
	ctx := context.Background()
	for _, id := range []string{"a/b", "../users", "..", "x?y#z", "50%"} {
		_, err := c.RunGroups().ByID(id).Get(ctx)
		require.ErrorIs(t, err, industrydata.ErrNotFound)
	}
	assert.Equal(t, []string{
		mockBase + "/industryData/runGroups/a%2Fb",
		mockBase + "/industryData/runGroups/..%2Fusers", // one segment: the slash is escaped
		mockBase + "/industryData/runGroups/%2E%2E",
		mockBase + "/industryData/runGroups/x%3Fy%23z",
		mockBase + "/industryData/runGroups/50%25",
	}, rec.urls)

	_, err := c.RunGroups().ByID("").Get(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "id")
	_, err = c.RunGroups().ByID("").Runs().Create(ctx, &industrydata.Run{})
	require.Error(t, err)
	assert.Len(t, rec.urls, 5, "an empty id sends nothing")
}

func TestListQueryOnTheWire(t *testing.T) {
	c, mt := mockClient(t)
	var rec recorder
	mt.RegisterNoResponder(rec.responder(200, `{"value":[]}`))
	since := time.Date(2026, 11, 28, 6, 0, 0, 500000000, time.FixedZone("CET", 3600))
	q := c.RunGroups().List().
		Select("id", "displayName", "status").
		Filter(industrydata.And(
			industrydata.Eq("status", industrydata.RunStatusFailed),
			industrydata.Ge("startDateTime", since),
			industrydata.Eq("displayName", "O'Brien & Sons #1"))).
		OrderBy("startDateTime desc", "displayName").
		Top(50).Count().
		Header("ConsistencyLevel", "eventual").
		PageSize(25)
	_, err := q.Page(context.Background())
	require.NoError(t, err)
	require.Len(t, rec.urls, 1)
	assert.Equal(t, mockBase+"/industryData/runGroups?$select=id,displayName,status"+
		"&$filter=status%20eq%20'failed'%20and%20startDateTime%20ge%202026-11-28T05:00:00.5Z%20and%20displayName%20eq%20'O''Brien%20%26%20Sons%20%231'"+
		"&$orderby=startDateTime%20desc,displayName&$top=50&$count=true", rec.urls[0])
	assert.Equal(t, "eventual", rec.headers[0].Get("ConsistencyLevel"))
	assert.Contains(t, strings.Join(rec.headers[0].Values("Prefer"), ","), "odata.maxpagesize=25")
}

func TestQueryIsImmutable(t *testing.T) {
	c, mt := mockClient(t)
	var rec recorder
	mt.RegisterNoResponder(rec.responder(200, `{"value":[]}`))
	base := c.RunGroups().List().Select("id")
	a := base.Select("status").Header("X-A", "1")
	b := base.Select("displayName")
	ctx := context.Background()
	for _, q := range []industrydata.Query[industrydata.RunGroup]{base, a, b, a} {
		_, err := q.Page(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, []string{
		mockBase + "/industryData/runGroups?$select=id",
		mockBase + "/industryData/runGroups?$select=id,status",
		mockBase + "/industryData/runGroups?$select=id,displayName",
		mockBase + "/industryData/runGroups?$select=id,status",
	}, rec.urls)
	assert.Empty(t, rec.headers[0].Get("X-A"))
	assert.Equal(t, "1", rec.headers[1].Get("X-A"))
	assert.Empty(t, rec.headers[2].Get("X-A"))
}

func TestInvalidQueriesFailBeforeSending(t *testing.T) {
	c, mt := mockClient(t)
	var rec recorder
	mt.RegisterNoResponder(rec.responder(200, `{"value":[]}`))
	ctx := context.Background()
	cases := map[string]industrydata.Query[industrydata.RunGroup]{
		"select injection":  c.RunGroups().List().Select("id&$top=1"),
		"filter name":       c.RunGroups().List().Filter(industrydata.Eq("status eq 'x' or id", 1)),
		"negative top":      c.RunGroups().List().Top(-1),
		"zero page size":    c.RunGroups().List().PageSize(0),
		"bad orderby":       c.RunGroups().List().OrderBy("id sideways"),
		"foreign resume":    c.RunGroups().List().Resume("https://evil.example/beta/industryData/runGroups?$skiptoken=1"),
		"unsupported value": c.RunGroups().List().Filter(industrydata.Eq("id", struct{}{})),
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			n := 0
			for _, err := range q.All(ctx) {
				require.Error(t, err)
				n++
			}
			assert.Equal(t, 1, n, "the error is yielded once")
		})
	}
	assert.Empty(t, rec.urls)
}

// pager serves n items in pages of size, with next links built by link.
func pager(t *testing.T, mt *httpmock.MockTransport, n, size int, link func(next int) string) *int {
	calls := new(int)
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		*calls++
		start := 0
		if s := req.URL.Query().Get("$skiptoken"); s != "" {
			_, err := fmt.Sscanf(s, "p'%d'", &start)
			require.NoError(t, err, "skiptoken %q arrived re-encoded", s)
		}
		var items []string
		for i := start; i < min(start+size, n); i++ {
			items = append(items, fmt.Sprintf(`{"id":"%05d","displayName":"g%d","status":"completed"}`, i, i))
		}
		body := `{"value":[` + strings.Join(items, ",") + `]`
		if start+size < n {
			body += `,"@odata.nextLink":"` + link(start+size) + `"`
		}
		return httpmock.NewStringResponse(200, body+"}"), nil
	})
	return calls
}

func sameHostLink(next int) string {
	return fmt.Sprintf("%s/industryData/runGroups?$top=999&$skiptoken=p%%27%d%%27", mockBase, next)
}

func TestAllYieldsEveryItemOnceInOrder(t *testing.T) {
	c, mt := mockClient(t)
	calls := pager(t, mt, 2345, 100, sameHostLink)
	i := 0
	for rg, err := range c.RunGroups().List().All(context.Background()) {
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("%05d", i), rg.ID)
		i++
	}
	assert.Equal(t, 2345, i)
	assert.Equal(t, 24, *calls)
}

func TestTopAndBreakStopFetching(t *testing.T) {
	c, mt := mockClient(t)
	calls := pager(t, mt, 1000, 30, sameHostLink)
	n := 0
	for _, err := range c.RunGroups().List().Top(50).All(context.Background()) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 50, n, "Top(50) yields 50 even though Graph offers more pages")
	assert.Equal(t, 2, *calls)

	*calls = 0
	for range c.RunGroups().List().All(context.Background()) {
		break
	}
	assert.Equal(t, 1, *calls, "break sends no further request")
}

func TestPagesReportCountAndNextLink(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder("GET", mockBase+"/industryData/runGroups?$count=true",
		httpmock.NewStringResponder(200, `{"@odata.count":3,"value":[{"id":"1"},{"id":"2"}],"@odata.nextLink":"`+mockBase+`/industryData/runGroups?$count=true&$skiptoken=x%2By"}`))
	mt.RegisterResponder("GET", mockBase+"/industryData/runGroups?$count=true&$skiptoken=x%2By",
		httpmock.NewStringResponder(200, `{"@odata.count":3,"value":[{"id":"3"}]}`))
	var got []int
	var links []string
	for p, err := range c.RunGroups().List().Count().Pages(context.Background()) {
		require.NoError(t, err)
		n, ok := p.Count()
		require.True(t, ok)
		assert.EqualValues(t, 3, n)
		got = append(got, len(p.Items))
		links = append(links, p.NextLink)
	}
	assert.Equal(t, []int{2, 1}, got)

	// A saved next link resumes the listing.
	p, err := c.RunGroups().List().Resume(links[0]).Page(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "3", p.Items[0].ID)
}

func TestUnsafeNextLinksStopWithAnError(t *testing.T) {
	cases := map[string]func(int) string{
		"other host":   func(n int) string { return fmt.Sprintf("https://graph.evil.example/beta/x?$skiptoken=p%%27%d%%27", n) },
		"other scheme": func(n int) string { return fmt.Sprintf("http://graph.microsoft.com/beta/x?$skiptoken=p%%27%d%%27", n) },
		"repeated":     func(int) string { return sameHostLink(0) },
	}
	for name, link := range cases {
		t.Run(name, func(t *testing.T) {
			c, mt := mockClient(t)
			pager(t, mt, 300, 100, link)
			var ids []string
			var errs []error
			for rg, err := range c.RunGroups().List().All(context.Background()) {
				if err != nil {
					errs = append(errs, err)
					continue
				}
				ids = append(ids, rg.ID)
			}
			require.Len(t, errs, 1)
			assert.Contains(t, errs[0].Error(), "nextLink")
			assert.NotContains(t, errs[0].Error(), "skiptoken")
			if name == "repeated" {
				assert.Len(t, ids, 200, "items before the repeat are yielded once")
			} else {
				assert.Len(t, ids, 100)
			}
		})
	}
}

func TestFailedPageYieldsErrorOnce(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder("GET", mockBase+"/industryData/runGroups",
		httpmock.NewStringResponder(200, `{"value":[{"id":"1"}],"@odata.nextLink":"`+mockBase+`/industryData/runGroups?$skiptoken=2"}`))
	mt.RegisterResponder("GET", mockBase+"/industryData/runGroups?$skiptoken=2",
		httpmock.NewStringResponder(400, `{"error":{"code":"BadRequest","message":"Invalid skip token."}}`))
	var ids []string
	var errs []error
	for rg, err := range c.RunGroups().List().All(context.Background()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, rg.ID)
	}
	assert.Equal(t, []string{"1"}, ids)
	require.Len(t, errs, 1)
	var ge *industrydata.Error
	require.True(t, errors.As(errs[0], &ge))
	assert.Equal(t, "BadRequest", ge.Code)
}

func TestBadCollectionBodies(t *testing.T) {
	cases := map[string]struct{ body, want string }{
		"empty 200":      {``, "empty"},
		"html":           {`<html>oops</html>`, "not valid JSON"},
		"no value":       {`{"items":[]}`, `no "value" array`},
		"item wrong":     {`{"value":[{"id":"a"},{"id":7}]}`, `value[1]: industrydata: decoding runGroup: property "id": want a JSON string, got number 7`},
		"count not int":  {`{"value":[],"@odata.count":"3"}`, "@odata.count"},
		"value not list": {`{"value":{}}`, "want an array"},
	}
	for name, c0 := range cases {
		t.Run(name, func(t *testing.T) {
			c, mt := mockClient(t)
			mt.RegisterNoResponder(httpmock.NewStringResponder(200, c0.body))
			_, err := c.RunGroups().List().Page(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), c0.want)
		})
	}
}

func TestUpdateSendsOnlyChangesAndHandles200And204(t *testing.T) {
	const doc = `{"@odata.type":"#microsoft.graph.runGroup","@odata.etag":"W/\"1\"","id":"g1","displayName":"Nightly","startDateTime":"2026-11-29T02:00:01.1234567Z","endDateTime":"2026-11-29T02:47:33.7654321Z","status":"completed","sourceRegion":"westeurope"}`
	for _, status := range []int{204, 200} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			c, mt := mockClient(t)
			var rec recorder
			mt.RegisterResponder("GET", mockBase+"/industryData/runGroups/g1", httpmock.NewStringResponder(200, doc))
			answer := ""
			if status == 200 {
				answer = `{"id":"g1","displayName":"Renamed","status":"completed","endDateTime":null,"sourceRegion":"westeurope","serverStamp":1}`
			}
			mt.RegisterResponder("PATCH", mockBase+"/industryData/runGroups/g1", rec.responder(status, answer))

			item := c.RunGroups().ByID("g1")
			g, err := item.Get(context.Background())
			require.NoError(t, err)
			g.DisplayName = "Renamed"
			g.EndDateTime = time.Time{}
			require.NoError(t, item.Update(context.Background(), g))
			require.Len(t, rec.bodies, 1)
			assert.JSONEq(t, `{"displayName":"Renamed","endDateTime":null}`, rec.bodies[0])
			assert.Equal(t, "application/json", rec.headers[0].Get("Content-Type"))

			// Once accepted, the state is the new baseline: nothing more to send.
			require.NoError(t, item.Update(context.Background(), g))
			assert.Len(t, rec.bodies, 1, "an update with no change sends nothing")
			g.Status = industrydata.RunStatusFailed
			require.NoError(t, item.Update(context.Background(), g))
			assert.JSONEq(t, `{"status":"failed"}`, rec.bodies[1])
			if status == 200 {
				_, ok := g.Extra.Get("serverStamp")
				assert.True(t, ok, "a 200 answer replaces the caller's value")
			}
		})
	}
}

func TestCreateSendsNoIDAndKeepsExtras(t *testing.T) {
	c, mt := mockClient(t)
	var rec recorder
	mt.RegisterResponder("POST", mockBase+"/industryData/runGroups",
		rec.responder(201, `{"@odata.context":"x","id":"new","displayName":"n","status":"running","endDateTime":null}`))
	in := &industrydata.RunGroup{Run: industrydata.Run{ID: "client-side", DisplayName: "n", ODataType: "#microsoft.graph.runGroup"}}
	require.NoError(t, in.Extra.Set("customTag", "t1"))
	out, err := c.RunGroups().Create(context.Background(), in)
	require.NoError(t, err)
	assert.Equal(t, "new", out.ID)
	assert.True(t, out.IsNull("endDateTime"))
	assert.JSONEq(t, `{"@odata.type":"#microsoft.graph.runGroup","displayName":"n","customTag":"t1"}`, rec.bodies[0])
	assert.True(t, strings.HasPrefix(rec.bodies[0], `{"@odata.type"`))

	_, err = c.RunGroups().Create(context.Background(), nil)
	require.Error(t, err)
}

func TestErrorsAndWarningsFileUnwrapsValue(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder("GET", mockBase+"/industryData/runGroups/g1/getErrorsAndWarningsFile",
		httpmock.NewStringResponder(200, `{"@odata.context":"https://graph.microsoft.com/beta/$metadata#Edm.String","value":"https://files.example/f.csv?sig=abc"}`))
	u, err := c.RunGroups().ByID("g1").ErrorsAndWarningsFile(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "https://files.example/f.csv?sig=abc", u)

	mt.RegisterResponder("GET", mockBase+"/industryData/runGroups/g2/getErrorsAndWarningsFile",
		httpmock.NewStringResponder(200, `{"value":null}`))
	_, err = c.RunGroups().ByID("g2").ErrorsAndWarningsFile(context.Background())
	require.Error(t, err)
}

func TestGetToleratesValueWrapper(t *testing.T) {
	// The draft documentation shows a single run group wrapped in {"value": ...}.
	c, mt := mockClient(t)
	mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{"@odata.context":"x","value":{"id":"g1","status":"running"}}`))
	g, err := c.RunGroups().ByID("g1").Get(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "g1", g.ID)
	b, _ := json.Marshal(g)
	assert.JSONEq(t, `{"id":"g1","status":"running"}`, string(b))
}

func TestWaitBacksOffAndReportsChanges(t *testing.T) {
	c, mt := mockClient(t)
	statuses := []string{"running", "running", "running", "completedWithWarnings"}
	polls := 0
	mt.RegisterResponder("GET", mockBase+"/industryData/runGroups/g1", func(*http.Request) (*http.Response, error) {
		s := statuses[min(polls, len(statuses)-1)]
		polls++
		if polls == 2 {
			r := httpmock.NewStringResponse(429, `{"error":{"code":"TooManyRequests","message":"slow"}}`)
			r.Header.Set("Retry-After", "0.001")
			return r, nil
		}
		return httpmock.NewStringResponse(200, `{"id":"g1","status":"`+s+`"}`), nil
	})
	var seen []industrydata.RunStatus
	g, err := c.RunGroups().ByID("g1").Wait(context.Background(),
		industrydata.WaitPollInterval(time.Millisecond, 4*time.Millisecond),
		industrydata.WaitOnChange(func(g *industrydata.RunGroup) { seen = append(seen, g.Status) }))
	require.NoError(t, err)
	assert.Equal(t, industrydata.RunStatusCompletedWithWarnings, g.Status)
	assert.Equal(t, []industrydata.RunStatus{"running", "completedWithWarnings"}, seen)

	// A deadline ends the wait with the last status seen.
	statuses, polls = []string{"running"}, 0
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	g, err = c.RunGroups().ByID("g1").Wait(ctx, industrydata.WaitPollInterval(time.Millisecond, 2*time.Millisecond))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotNil(t, g)
	assert.Equal(t, industrydata.RunStatusRunning, g.Status)

	// A run group that does not exist ends the wait at once.
	mt.RegisterResponder("GET", mockBase+"/industryData/runGroups/none",
		httpmock.NewStringResponder(404, `{"error":{"code":"NotFound","message":"no"}}`))
	_, err = c.RunGroups().ByID("none").Wait(context.Background(), industrydata.WaitPollInterval(time.Millisecond, time.Millisecond))
	require.ErrorIs(t, err, industrydata.ErrNotFound)
}

func TestNextLinkCycleStops(t *testing.T) {
	c, mt := mockClient(t)
	a := mockBase + "/industryData/runGroups?$skiptoken=A"
	b := mockBase + "/industryData/runGroups?$skiptoken=B"
	mt.RegisterResponder("GET", mockBase+"/industryData/runGroups", httpmock.NewStringResponder(200, `{"value":[{"id":"0"}],"@odata.nextLink":"`+a+`"}`))
	mt.RegisterResponder("GET", a, httpmock.NewStringResponder(200, `{"value":[{"id":"1"}],"@odata.nextLink":"`+b+`"}`))
	mt.RegisterResponder("GET", b, httpmock.NewStringResponder(200, `{"value":[{"id":"2"}],"@odata.nextLink":"`+a+`"}`))
	var ids []string
	var errs []error
	for rg, err := range c.RunGroups().List().All(context.Background()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, rg.ID)
	}
	assert.Equal(t, []string{"0", "1", "2"}, ids)
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "already returned")
}

func TestHeaderInjectionFailsBeforeSending(t *testing.T) {
	c, mt := mockClient(t)
	var rec recorder
	mt.RegisterNoResponder(rec.responder(200, `{"value":[]}`))
	for _, h := range [][2]string{{"X-Test", "a\r\nInjected: 1"}, {"Bad Name", "x"}, {"", "x"}} {
		_, err := c.RunGroups().List().Header(h[0], h[1]).Page(context.Background())
		require.Error(t, err, "%q", h)
	}
	assert.Empty(t, rec.urls)
}

func TestDuplicateEnvelopeMembersAreRefused(t *testing.T) {
	for name, body := range map[string]string{
		"value":    `{"value":[{"id":"1"}],"value":[{"id":"2"}]}`,
		"nextLink": `{"value":[],"@odata.nextLink":"` + mockBase + `/x?a=1","@odata.nextLink":"` + mockBase + `/x?a=2"}`,
		"count":    `{"value":[],"@odata.count":1,"@odata.count":2}`,
	} {
		t.Run(name, func(t *testing.T) {
			c, mt := mockClient(t)
			mt.RegisterNoResponder(httpmock.NewStringResponder(200, body))
			_, err := c.RunGroups().List().Page(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), "duplicate member")
		})
	}
}

func TestCreateFromReadEntityDropsResponseOnlyMembers(t *testing.T) {
	c, mt := mockClient(t)
	var rec recorder
	mt.RegisterResponder("POST", mockBase+"/industryData/runGroups", rec.responder(201, `{"id":"new"}`))
	var src industrydata.RunGroup
	require.NoError(t, json.Unmarshal([]byte(`{"@odata.context":"c","@odata.etag":"W/\"1\"","@odata.type":"#microsoft.graph.runGroup","id":"old","displayName":"copy me","process":[{"id":"p"}],"custom":1}`), &src))
	require.NoError(t, src.Extra.Set("id", "smuggled"))
	_, err := c.RunGroups().Create(context.Background(), &src)
	require.NoError(t, err)
	assert.JSONEq(t, `{"@odata.type":"#microsoft.graph.runGroup","displayName":"copy me","custom":1}`, rec.bodies[0])
}

func TestPatchAnsweredWithEmptyChunked200(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder("GET", mockBase+"/industryData/runGroups/g1", httpmock.NewStringResponder(200, `{"id":"g1","displayName":"a"}`))
	mt.RegisterResponder("PATCH", mockBase+"/industryData/runGroups/g1", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(200, "")
		r.ContentLength = -1
		return r, nil
	})
	item := c.RunGroups().ByID("g1")
	g, err := item.Get(context.Background())
	require.NoError(t, err)
	g.DisplayName = "b"
	require.NoError(t, item.Update(context.Background(), g))
}

func TestWaitDoesNotSpinOnRetryAfterZero(t *testing.T) {
	c, mt := mockClient(t)
	polls := 0
	mt.RegisterResponder("GET", `=~^`+mockBase+`/industryData/runGroups/g1`, func(req *http.Request) (*http.Response, error) {
		polls++
		assert.Contains(t, req.URL.RawQuery, "status", "Wait adds status to a Select that lacks it")
		r := httpmock.NewStringResponse(200, `{"id":"g1","status":"running"}`)
		r.Header.Set("Retry-After", "0")
		return r, nil
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := c.RunGroups().ByID("g1").Select("id").Wait(ctx, industrydata.WaitPollInterval(20*time.Millisecond, 20*time.Millisecond))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.LessOrEqual(t, polls, 10, "Retry-After: 0 must not turn polling into a busy loop")
}
