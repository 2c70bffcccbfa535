package industrydatatest_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go/industrydatatest"
)

var guidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// sevenDigitsRE is the timestamp form the server writes.
var sevenDigitsRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$`)

func TestCreateRunGroupAnswersLikeGraph(t *testing.T) {
	g := newGraph(t)
	r := g.do("POST", "/runGroups", map[string]any{
		"@odata.type": "#microsoft.industryData.runGroup",
		"displayName": "Nightly roster sync",
		"status":      "completed", // server-owned: ignored
	}, "client-request-id", "8f0b2f36-1f4b-4a53-9d7c-3a4c2a8f4c11")

	require.Equal(t, http.StatusCreated, r.status, "body: %s", r.raw)
	assert.Equal(t, "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8", r.header.Get("Content-Type"))
	assert.Equal(t, "4.0", r.header.Get("OData-Version"))
	assert.Equal(t, "8f0b2f36-1f4b-4a53-9d7c-3a4c2a8f4c11", r.header.Get("client-request-id"))
	assert.Regexp(t, guidRE, r.header.Get("request-id"))
	_, err := http.ParseTime(r.header.Get("Date"))
	assert.NoError(t, err)

	body := r.obj(t)
	id, _ := body["id"].(string)
	assert.Regexp(t, guidRE, id)
	assert.Equal(t, g.s.BaseURL()+"/$metadata#industryData/runGroups/$entity", body["@odata.context"])
	assert.Equal(t, "#microsoft.industryData.runGroup", body["@odata.type"], "the given type string is kept")
	assert.Equal(t, "running", body["status"])
	assert.Nil(t, body["endDateTime"])
	assert.Contains(t, body, "endDateTime")
	assert.Regexp(t, sevenDigitsRE, body["startDateTime"])
	assert.Equal(t, g.s.BaseURL()+"/industryData/runGroups/"+id, r.header.Get("Location"))
	assert.Equal(t, 1, g.s.CreateCount("runGroups"))

	got := g.do("GET", r.header.Get("Location"), nil)
	require.Equal(t, http.StatusOK, got.status)
	assert.Equal(t, id, got.obj(t)["id"])
}

func TestClientRequestIDDefaultsToRequestID(t *testing.T) {
	g := newGraph(t)
	r := g.do("GET", "/runGroups", nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Regexp(t, guidRE, r.header.Get("request-id"))
	assert.Equal(t, r.header.Get("request-id"), r.header.Get("client-request-id"))
}

func TestListRunGroups(t *testing.T) {
	g := newGraph(t)
	g.seed(industrydatatest.Document{"displayName": "a"}, industrydatatest.Document{"displayName": "b"})
	r := g.do("GET", "/runGroups", nil)
	body := r.obj(t)
	assert.Equal(t, g.s.BaseURL()+"/$metadata#industryData/runGroups", body["@odata.context"])
	assert.NotContains(t, body, "@odata.nextLink")
	assert.NotContains(t, body, "@odata.count")
	items := values(t, r)
	assert.Equal(t, []string{"a", "b"}, names(items))
	assert.Equal(t, "#microsoft.graph.runGroup", items[0]["@odata.type"])
}

func TestUnknownRunGroupIs404WithGraphError(t *testing.T) {
	g := newGraph(t)
	for _, method := range []string{"GET", "PATCH", "DELETE"} {
		var body any
		if method == "PATCH" {
			body = map[string]any{"displayName": "x"}
		}
		r := g.do(method, "/runGroups/0b9f9a9e-0000-4000-8000-000000000404", body)
		code, msg := graphError(t, r, http.StatusNotFound)
		assert.Equal(t, "ResourceNotFound", code, method)
		assert.Contains(t, msg, "0b9f9a9e-0000-4000-8000-000000000404", method)
	}
	r := g.do("GET", "/runGroups/0b9f9a9e-0000-4000-8000-000000000404/runs", nil)
	graphError(t, r, http.StatusNotFound)
}

func TestPatchMergesAndAnswers204(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{"displayName": "before", "status": "running",
		"statistics": map[string]any{"errors": 1}})
	r := g.do("PATCH", "/runGroups/"+ids[0], map[string]any{
		"@odata.type": "#microsoft.industryData.runGroup", // same type, other namespace
		"id":          ids[0],
		"displayName": "after",
		"statistics":  nil,
		"customFlag":  true,
	})
	require.Equal(t, http.StatusNoContent, r.status, "body: %s", r.raw)
	assert.Empty(t, r.raw)
	assert.NotEmpty(t, r.header.Get("request-id"))

	stored, ok := g.s.RunGroup(ids[0])
	require.True(t, ok)
	assert.Equal(t, "after", stored["displayName"])
	assert.Equal(t, "running", stored["status"], "untouched property kept")
	assert.Contains(t, stored, "statistics")
	assert.Nil(t, stored["statistics"], "null clears")
	assert.Equal(t, true, stored["customFlag"], "unknown properties are stored")
	assert.Equal(t, "#microsoft.graph.runGroup", stored["@odata.type"], "type string unchanged")
}

func TestPatchCanAnswer200WithEntity(t *testing.T) {
	g := newGraph(t, industrydatatest.WithPatchReturnsEntity(true))
	ids := g.seed(industrydatatest.Document{"displayName": "before"})
	r := g.do("PATCH", "/runGroups/"+ids[0], map[string]any{"displayName": "after"})
	require.Equal(t, http.StatusOK, r.status)
	body := r.obj(t)
	assert.Equal(t, "after", body["displayName"])
	assert.Equal(t, ids[0], body["id"])
	assert.Equal(t, g.s.BaseURL()+"/$metadata#industryData/runGroups/$entity", body["@odata.context"])
}

func TestPatchRejectsReadOnlyAndInvalid(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{"displayName": "x"})
	cases := map[string]struct {
		body any
		want string
	}{
		"id change":    {map[string]any{"id": "other"}, "'id' is read-only"},
		"type change":  {map[string]any{"@odata.type": "#microsoft.graph.runProcess"}, "@odata.type"},
		"bad enum":     {map[string]any{"status": "paused"}, "'paused'"},
		"bad date":     {map[string]any{"endDateTime": "yesterday"}, "Edm.DateTimeOffset"},
		"wrong type":   {map[string]any{"displayName": 7}, "must be a string"},
		"not object":   {`[1,2]`, "JSON object"},
		"invalid json": {`{"displayName":`, "Unable to read JSON"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := g.do("PATCH", "/runGroups/"+ids[0], c.body)
			code, msg := graphError(t, r, http.StatusBadRequest)
			assert.Equal(t, "BadRequest", code)
			assert.Contains(t, msg, c.want)
		})
	}
	stored, _ := g.s.RunGroup(ids[0])
	assert.Equal(t, "x", stored["displayName"], "a rejected PATCH changes nothing")
}

func TestBodyNeedsJSONContentType(t *testing.T) {
	g := newGraph(t)
	req := g.request("POST", "/runGroups", map[string]any{"displayName": "x"}, "Content-Type", "text/plain")
	req.Header.Set("Authorization", "Bearer "+g.token)
	r := g.send(req)
	code, _ := graphError(t, r, http.StatusUnsupportedMediaType)
	assert.Equal(t, "UnsupportedMediaType", code)
	assert.Equal(t, 0, g.s.CreateCount("runGroups"))
}

func TestDeleteRunGroup(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{"displayName": "x"})
	r := g.do("DELETE", "/runGroups/"+ids[0], nil)
	require.Equal(t, http.StatusNoContent, r.status)
	assert.Empty(t, r.raw)
	graphError(t, g.do("GET", "/runGroups/"+ids[0], nil), http.StatusNotFound)
	graphError(t, g.do("DELETE", "/runGroups/"+ids[0], nil), http.StatusNotFound)
	assert.Empty(t, g.s.RunGroups())
}

func TestUnknownPathsAndMethods(t *testing.T) {
	g := newGraph(t)
	code, msg := graphError(t, g.do("GET", "/runGroupz", nil), http.StatusBadRequest)
	assert.Equal(t, "BadRequest", code)
	assert.Equal(t, "Resource not found for the segment 'runGroupz'.", msg)

	ids := g.seed(industrydatatest.Document{})
	_, msg = graphError(t, g.do("GET", "/runGroups/"+ids[0]+"/steps", nil), http.StatusBadRequest)
	assert.Contains(t, msg, "'steps'")

	r := g.do("PUT", "/runGroups/"+ids[0], map[string]any{})
	code, _ = graphError(t, r, http.StatusMethodNotAllowed)
	assert.Equal(t, "MethodNotAllowed", code)
	assert.Equal(t, "GET, PATCH, DELETE", r.header.Get("Allow"))
}

func TestRunsNavigation(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{"displayName": "parent"})
	_, err := g.s.SeedRuns(ids[0], industrydatatest.Document{
		"@odata.type": "#microsoft.graph.runGroup", "displayName": "nested group", "status": "completed",
	})
	require.NoError(t, err)

	r := g.do("POST", "/runGroups/"+ids[0]+"/runs", map[string]any{
		"displayName": "child run", "status": "running", "startDateTime": "2026-01-02T12:00:00Z",
	})
	require.Equal(t, http.StatusCreated, r.status, "body: %s", r.raw)
	run := r.obj(t)
	assert.Equal(t, "#microsoft.graph.run", run["@odata.type"])
	assert.Equal(t, g.s.BaseURL()+"/$metadata#industryData/runGroups('"+ids[0]+"')/runs/$entity", run["@odata.context"])
	assert.Equal(t, g.s.BaseURL()+"/industryData/runGroups/"+ids[0]+"/runs/"+run["id"].(string), r.header.Get("Location"))
	assert.Equal(t, 1, g.s.CreateCount("runGroups/"+ids[0]+"/runs"))

	list := g.do("GET", "/runGroups/"+ids[0]+"/runs", nil)
	assert.Equal(t, g.s.BaseURL()+"/$metadata#industryData/runGroups('"+ids[0]+"')/runs", list.obj(t)["@odata.context"])
	items := values(t, list)
	require.Len(t, items, 2)
	assert.Equal(t, "#microsoft.graph.runGroup", items[0]["@odata.type"], "a nested run group keeps its type")
	assert.Equal(t, "child run", items[1]["displayName"])

	one := g.do("GET", r.header.Get("Location"), nil)
	require.Equal(t, http.StatusOK, one.status)
	assert.Equal(t, run["id"], one.obj(t)["id"])

	bad := g.do("POST", "/runGroups/"+ids[0]+"/runs", map[string]any{"@odata.type": "#microsoft.graph.runProcess"})
	graphError(t, bad, http.StatusBadRequest)
}

func TestProcessNavigation(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{"displayName": "parent"})
	r := g.do("POST", "/runGroups/"+ids[0]+"/process", map[string]any{
		"@odata.type": "#microsoft.industryData.runProcess", "displayName": "SIS export", "readinessStatus": "ready",
	})
	require.Equal(t, http.StatusCreated, r.status, "body: %s", r.raw)
	p := r.obj(t)
	assert.Regexp(t, `^W/".+"$`, p["eTag"])
	assert.Equal(t, "#microsoft.industryData.runProcess", p["@odata.type"])
	assert.Equal(t, 1, g.s.CreateCount("/runGroups/"+ids[0]+"/process/"))

	items := values(t, g.do("GET", "/runGroups/"+ids[0]+"/process?"+query("$filter", "readinessStatus eq 'ready'"), nil))
	require.Len(t, items, 1)
	assert.Equal(t, "SIS export", items[0]["displayName"])

	code, msg := graphError(t, g.do("POST", "/runGroups/"+ids[0]+"/process", map[string]any{"readinessStatus": "almost"}), http.StatusBadRequest)
	assert.Equal(t, "BadRequest", code)
	assert.Contains(t, msg, "readinessStatus")
	stored, _ := g.s.Process(ids[0])
	assert.Len(t, stored, 1)
}

func TestSeedKeepsWhatIsGivenAndCopies(t *testing.T) {
	g := newGraph(t)
	doc := industrydatatest.Document{"id": "fixed-id", "status": "paused", "extra": map[string]any{"n": 1}}
	ids := g.seed(doc)
	require.Equal(t, []string{"fixed-id"}, ids)
	doc["status"] = "mutated after seeding"

	stored, ok := g.s.RunGroup("fixed-id")
	require.True(t, ok)
	assert.Equal(t, "paused", stored["status"])
	assert.Equal(t, "#microsoft.graph.runGroup", stored["@odata.type"])
	assert.NotContains(t, stored, "startDateTime", "nothing else is added")

	_, err := g.s.SeedRunGroups(industrydatatest.Document{"id": "fixed-id"})
	assert.ErrorContains(t, err, "already exists")
	_, err = g.s.SeedRuns("no-such-group", industrydatatest.Document{})
	assert.ErrorContains(t, err, "no-such-group")
	_, err = g.s.SeedRunGroups(industrydatatest.Document{"bad": make(chan int)})
	assert.Error(t, err)
}

func TestServerTimestampsAreUTCWithSevenDigits(t *testing.T) {
	clock := newFakeClock()
	g := newGraph(t, industrydatatest.WithClock(clock.Now))
	r := g.do("POST", "/runGroups", map[string]any{"displayName": "x"})
	require.Equal(t, http.StatusCreated, r.status)
	assert.Equal(t, "2026-11-29T04:53:18.1234567Z", r.obj(t)["startDateTime"])
	assert.True(t, strings.HasPrefix(g.s.Requests()[0].Time.Format(time.RFC3339), "2026-11-29T04:53:18"))
}

func TestStateAccessors(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{"displayName": "p"})
	pids, err := g.s.SeedProcess(ids[0], industrydatatest.Document{"displayName": "SIS", "readinessStatus": "ready"})
	require.NoError(t, err)
	procs, ok := g.s.Process(ids[0])
	require.True(t, ok)
	require.Len(t, procs, 1)
	assert.Equal(t, pids[0], procs[0]["id"])
	assert.Equal(t, "#microsoft.graph.runProcess", procs[0]["@odata.type"])
	procs[0]["displayName"] = "changed by the test"
	again, _ := g.s.Process(ids[0])
	assert.Equal(t, "SIS", again[0]["displayName"], "accessors return copies")

	runs, ok := g.s.Runs(ids[0])
	assert.True(t, ok)
	assert.Empty(t, runs)
	_, ok = g.s.Runs("nope")
	assert.False(t, ok)

	resp, err := g.s.HTTPClient().Get(g.s.BaseURL() + "/industryData/runGroups")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	reqs := g.s.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "GET", reqs[0].Method)
	assert.Equal(t, "/beta/industryData/runGroups", reqs[0].Path)
	g.s.ResetRequests()
	assert.Empty(t, g.s.Requests())

	g.do("POST", "/runGroups?custom=1", map[string]any{"displayName": "logged"}, "X-Test", "yes")
	reqs = g.s.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "custom=1", reqs[0].RawQuery)
	assert.Equal(t, "yes", reqs[0].Header.Get("X-Test"))
	assert.JSONEq(t, `{"displayName":"logged"}`, string(reqs[0].Body))
}
