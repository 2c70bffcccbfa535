package industrydata

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A run group as the draft API serves it, with everything that must survive a round
// trip: 7-digit fractions, an annotation, an unknown property (also a null one), a status
// Graph may add later, a blocking error with details and an open inner error.
const runGroupDoc = `{
  "@odata.context": "https://graph.microsoft.com/beta/$metadata#industryData/runGroups/$entity",
  "@odata.type": "#microsoft.graph.runGroup",
  "@odata.etag": "W/\"JzEtMjAyNi0xMS0yOVQwNDo1MzoxOCc=\"",
  "id": "5c0f3a57-2bd4-4c7c-9e5f-9a3b1c2d7e10",
  "displayName": "Nightly SIS sync 2026-11-29",
  "startDateTime": "2026-11-29T02:00:01.1234567Z",
  "endDateTime": "2026-11-29T02:47:33.7654321Z",
  "status": "completedWithBlockers",
  "blockingError": {
    "@odata.type": "#microsoft.graph.publicError",
    "code": "SourceSystemUnavailable",
    "message": "The SIS endpoint did not answer.",
    "target": "inboundFlows/9f1e",
    "details": [
      {"code": "Timeout", "message": "No answer within 300 s.", "target": "roster.csv"}
    ],
    "innerError": {"code": "GatewayTimeout", "message": "upstream", "correlationId": "b0b1", "retryable": true}
  },
  "statistics": {"runId": "5c0f3a57", "status": "completed", "inboundTotals": {"errors": 2, "warnings": 7, "people": 278473, "matchedPeopleByRole": [{"role": "student", "count": 154390}]}, "custom": {"x": [1, 2.5, null]}},
  "sourceRegion": "westeurope",
  "retiredProperty": null
}`

func TestRunGroupDecodeKeepsEverything(t *testing.T) {
	var g RunGroup
	require.NoError(t, json.Unmarshal([]byte(runGroupDoc), &g))

	assert.Equal(t, "#microsoft.graph.runGroup", g.ODataType)
	assert.Equal(t, "5c0f3a57-2bd4-4c7c-9e5f-9a3b1c2d7e10", g.ID)
	assert.Equal(t, "Nightly SIS sync 2026-11-29", g.DisplayName)
	assert.Equal(t, time.Date(2026, 11, 29, 2, 0, 1, 123456700, time.UTC), g.StartDateTime)
	assert.Equal(t, time.Date(2026, 11, 29, 2, 47, 33, 765432100, time.UTC), g.EndDateTime)
	assert.Equal(t, RunStatus("completedWithBlockers"), g.Status, "unknown status kept verbatim")
	assert.False(t, g.Status.IsKnown())
	assert.False(t, g.Status.IsTerminal(), "an unknown status must not end a wait")

	require.NotNil(t, g.BlockingError)
	assert.Equal(t, "SourceSystemUnavailable", g.BlockingError.Code)
	require.Len(t, g.BlockingError.Details, 1)
	assert.Equal(t, "roster.csv", g.BlockingError.Details[0].Target)
	require.NotNil(t, g.BlockingError.InnerError)
	assert.Equal(t, "GatewayTimeout", g.BlockingError.InnerError.Code)
	corr, ok := g.BlockingError.InnerError.Extra.Get("correlationId")
	assert.True(t, ok)
	assert.JSONEq(t, `"b0b1"`, string(corr))

	k, err := g.Statistics.Known()
	require.NoError(t, err)
	assert.Equal(t, 278473, k.InboundTotals.People)
	assert.Equal(t, []RoleCount{{Role: "student", Count: 154390}}, k.InboundTotals.MatchedPeopleByRole)
	var mine struct {
		Custom struct{ X []*float64 } `json:"custom"`
	}
	require.NoError(t, g.Statistics.Decode(&mine))
	assert.Len(t, mine.Custom.X, 3)

	etag, ok := g.Extra.Get("@odata.etag")
	require.True(t, ok)
	assert.JSONEq(t, `"W/\"JzEtMjAyNi0xMS0yOVQwNDo1MzoxOCc=\""`, string(etag))
	assert.True(t, g.Has("retiredProperty"))
	assert.True(t, g.IsNull("retiredProperty"), "unknown null properties are kept")

	out, err := json.Marshal(g)
	require.NoError(t, err)
	assert.JSONEq(t, runGroupDoc, string(out), "re-encoding sends back exactly what was received")
	assert.True(t, strings.HasPrefix(string(out), `{"@odata.type":`), "@odata.type leads the object: %s", out)
}

func TestTimestamps(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
		out  string
	}{
		{"2026-01-02T03:04:05Z", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), "2026-01-02T03:04:05Z"},
		{"2026-01-02T03:04:05.1Z", time.Date(2026, 1, 2, 3, 4, 5, 1e8, time.UTC), "2026-01-02T03:04:05.1Z"},
		{"2026-01-02T03:04:05.012Z", time.Date(2026, 1, 2, 3, 4, 5, 12e6, time.UTC), "2026-01-02T03:04:05.012Z"},
		{"2023-11-01T11:10:46.924769Z", time.Date(2023, 11, 1, 11, 10, 46, 924769000, time.UTC), "2023-11-01T11:10:46.924769Z"},
		{"2026-01-02T03:04:05.1234567Z", time.Date(2026, 1, 2, 3, 4, 5, 123456700, time.UTC), "2026-01-02T03:04:05.1234567Z"},
		{"2026-01-02T05:04:05.5+02:00", time.Date(2026, 1, 2, 3, 4, 5, 5e8, time.UTC), "2026-01-02T03:04:05.5Z"},
		{"2026-01-01T20:34:05-07:30", time.Date(2026, 1, 2, 4, 4, 5, 0, time.UTC), "2026-01-02T04:04:05Z"},
		// innerError.date style: no zone means UTC, never the machine's zone.
		{"2021-07-02T01:40:19", time.Date(2021, 7, 2, 1, 40, 19, 0, time.UTC), "2021-07-02T01:40:19Z"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			var r Run
			require.NoError(t, json.Unmarshal([]byte(`{"startDateTime":"`+c.in+`"}`), &r))
			assert.True(t, c.want.Equal(r.StartDateTime), "got %v", r.StartDateTime)
			out, err := json.Marshal(r)
			require.NoError(t, err)
			assert.JSONEq(t, `{"startDateTime":"`+c.out+`"}`, string(out))
		})
	}
	t.Run("local zone never used", func(t *testing.T) {
		t.Setenv("TZ", "Asia/Kolkata")
		tm, err := parseTimestamp("2021-07-02T01:40:19")
		require.NoError(t, err)
		assert.Equal(t, time.UTC, tm.Location())
	})
}

func TestNullVersusAbsent(t *testing.T) {
	var running, selected Run
	require.NoError(t, json.Unmarshal([]byte(`{"id":"a","status":"running","endDateTime":null}`), &running))
	require.NoError(t, json.Unmarshal([]byte(`{"id":"a","status":"running"}`), &selected))
	assert.True(t, running.EndDateTime.IsZero())
	assert.True(t, running.Has("endDateTime"))
	assert.True(t, running.IsNull("endDateTime"), "null means still running")
	assert.False(t, selected.Has("endDateTime"), "absent (not selected) is not null")
	assert.False(t, selected.IsNull("endDateTime"))

	out, _ := json.Marshal(running)
	assert.JSONEq(t, `{"id":"a","status":"running","endDateTime":null}`, string(out))
	out, _ = json.Marshal(selected)
	assert.JSONEq(t, `{"id":"a","status":"running"}`, string(out))
}

func TestPolymorphicRuns(t *testing.T) {
	page := `[
	  {"@odata.type":"#microsoft.graph.run","id":"r1","status":"completed"},
	  {"@odata.type":"#microsoft.industryData.runGroup","id":"g1","status":"running","endDateTime":null,
	   "runs":[{"id":"r2","status":"failed"}],"groupOnly":{"k":1}},
	  {"@odata.type":"#microsoft.graph.industryData.futureRun","id":"f1","novel":[1]}
	]`
	var runs []*Run
	require.NoError(t, json.Unmarshal([]byte(page), &runs))
	require.Len(t, runs, 3)

	_, ok := runs[0].AsRunGroup()
	assert.False(t, ok)

	g, ok := runs[1].AsRunGroup()
	require.True(t, ok, "a runGroup item is a RunGroup whatever its namespace")
	assert.Equal(t, "g1", g.ID)
	require.Len(t, g.Runs, 1)
	assert.Equal(t, RunStatusFailed, g.Runs[0].Status)
	extra, ok := g.Extra.Get("groupOnly")
	assert.True(t, ok, "the group's extra properties survive")
	assert.JSONEq(t, `{"k":1}`, string(extra))

	assert.Equal(t, "f1", runs[2].ID, "an unknown type falls back to the base type")
	novel, ok := runs[2].Extra.Get("novel")
	assert.True(t, ok)
	assert.JSONEq(t, `[1]`, string(novel))

	out, err := json.Marshal(runs)
	require.NoError(t, err)
	assert.JSONEq(t, page, string(out), "nothing lost through the base type")

	gout, err := json.Marshal(g)
	require.NoError(t, err)
	var back RunGroup
	require.NoError(t, json.Unmarshal(gout, &back))
	assert.Equal(t, "r2", back.Runs[0].ID)
}

func TestProcessDecode(t *testing.T) {
	doc := `{"@odata.type":"#microsoft.graph.runProcess","id":"p1","eTag":"\"7\"","displayName":"Roster import","readinessStatus":"quarantined","ownerTeam":"sis"}`
	var p Process
	require.NoError(t, json.Unmarshal([]byte(doc), &p))
	assert.Equal(t, ReadinessStatus("quarantined"), p.ReadinessStatus)
	assert.Equal(t, `"7"`, p.ETag)
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, doc, string(out))
}

func TestDecodeErrorsNameTheProblem(t *testing.T) {
	cases := map[string]struct{ doc, want string }{
		"number for string":   {`{"displayName":42}`, `property "displayName": want a JSON string, got number 42`},
		"bad timestamp":       {`{"startDateTime":"2026-13-45T99:00:00Z"}`, `property "startDateTime": invalid timestamp "2026-13-45T99:00:00Z"`},
		"timestamp as number": {`{"endDateTime":1700000000}`, `property "endDateTime": want a JSON string, got number`},
		"nested":              {`{"blockingError":{"details":[{"code":"a"},{"code":true}]}}`, `property "blockingError": property "details": [1]: property "code": want a JSON string, got boolean true`},
		"duplicate known":     {`{"status":"running","status":"failed"}`, `duplicate property "status"`},
		"duplicate unknown":   {`{"x":1,"x":2}`, `duplicate property "x"`},
		"statistics array":    {`{"statistics":[1]}`, `property "statistics": want a JSON object`},
		"invalid json":        {`{"id":"a",}`, `invalid character '}'`},
		"not an object":       {`["a"]`, `want an object, got array`},
		"empty":               {``, `invalid JSON`},
		"runs not array":      {`{"runs":{}}`, `property "runs": want an array`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var g RunGroup
			err := json.Unmarshal([]byte(c.doc), &g)
			if c.doc == "" { // json.Unmarshal rejects empty input itself; check ours too
				err = g.UnmarshalJSON(nil)
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestDeeplyNestedUnknownProperty(t *testing.T) {
	deep := strings.Repeat("[", 5000) + strings.Repeat("]", 5000)
	var r Run
	require.NoError(t, json.Unmarshal([]byte(`{"nested":`+deep+`}`), &r), "legal depth is kept")
	v, _ := r.Extra.Get("nested")
	assert.Len(t, v, 10000)

	tooDeep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	err := r.UnmarshalJSON([]byte(`{"nested":` + tooDeep + `}`))
	require.Error(t, err, "nesting beyond encoding/json's limit is refused, not recursed into")
	assert.Contains(t, err.Error(), "invalid JSON")
}

func TestInvalidUTF8AndControlCharacters(t *testing.T) {
	var r Run
	err := json.Unmarshal([]byte("{\"displayName\":\"a\xffb\"}"), &r)
	require.Error(t, err, "invalid UTF-8 is refused, not silently replaced")
	assert.Contains(t, err.Error(), `property "displayName": string is not valid UTF-8`)

	require.NoError(t, json.Unmarshal([]byte(`{"displayName":"a\ufffdb\u0001"}`), &r))
	assert.Equal(t, "a\uFFFDb\x01", r.DisplayName)
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"displayName":"a\ufffdb\u0001"}`, string(out))

	require.Error(t, json.Unmarshal([]byte("{\"displayName\":\"a\x01b\"}"), &r), "raw control characters are not JSON")
}

func TestProcessExpandedAsCollectionIsKept(t *testing.T) {
	doc := `{"id":"g1","process":[{"id":"p1","displayName":"Roster import"},{"id":"p2"}]}`
	var g RunGroup
	require.NoError(t, json.Unmarshal([]byte(doc), &g))
	assert.Nil(t, g.Process)
	var procs []*Process
	require.NoError(t, g.Extra.Decode("process", &procs))
	require.Len(t, procs, 2)
	assert.Equal(t, "Roster import", procs[0].DisplayName)
	out, err := json.Marshal(g)
	require.NoError(t, err)
	assert.JSONEq(t, doc, string(out))

	require.NoError(t, json.Unmarshal([]byte(`{"process":{"id":"p1"}}`), &g))
	require.NotNil(t, g.Process)
	assert.Equal(t, "p1", g.Process.ID)
	require.Error(t, json.Unmarshal([]byte(`{"process":"p1"}`), &g), "other shapes are still errors")
}

// Payloads shaped like the published examples of the shipped industryData run resource
// and the draft runGroup stubs, written for this project: each must survive a decode and
// re-encode unchanged (timestamps are already UTC here, so they compare exactly).
func TestDocumentedPayloadsRoundTrip(t *testing.T) {
	payloads := map[string]string{
		"running run, 6-digit start, null end": `{"@odata.type":"#microsoft.graph.industryData.industryDataRun","displayName":"Run 2026-11-01 11:10 UTC","endDateTime":null,"id":"918d4a8f-599b-4f6a-b409-e892855db534","startDateTime":"2026-11-01T11:10:46.924769Z","status":"running"}`,
		"completed run, 3-digit end":           `{"@odata.type":"#microsoft.graph.industryData.industryDataRun","displayName":"Run 2026-10-01 21:10 UTC","endDateTime":"2026-10-01T23:00:26.012Z","id":"c7625e5d-5765-4f64-a286-5f5b845b38e1","startDateTime":"2026-10-01T21:10:46.924769Z","status":"completed"}`,
		"draft runGroup, industryData namespace": `{"@odata.type":"#microsoft.industryData.runGroup","displayName":"Term start roster","startDateTime":"2026-08-20T06:00:00.1234567Z","endDateTime":"2026-08-20T06:41:09.7654321Z","status":"completedWithErrors",` +
			`"blockingError":{"@odata.type":"microsoft.graph.publicError","code":"RosterValidationFailed","message":"12 rows rejected","target":"students.csv","details":[{"@odata.type":"microsoft.graph.publicErrorDetail","code":"MissingRequiredField","message":"sisId is required","target":"row 17"}],"innerError":{"@odata.type":"microsoft.graph.publicInnerError","code":"Validation","details":[],"message":"see file","target":"students.csv"}},` +
			`"statistics":{"@odata.type":"microsoft.graph.runStatistics","activityStatistics":[{"@odata.type":"#microsoft.graph.industryData.inboundActivityResults","activityId":"a1","displayName":"Roster inbound","status":"completedWithErrors","errors":12,"groups":{"active":40,"inactive":2,"total":42}}],"inboundTotals":{"errors":12,"groups":42,"matchedPeopleByRole":[{"count":154390,"role":"student"},{"count":59820,"role":"teacher"}],"memberships":1235120,"organizations":16,"people":278473,"unmatchedPeopleByRole":[],"warnings":0},"runId":"5c0f3a57","status":"completedWithErrors"}}`,
		"runProcess": `{"@odata.type":"#microsoft.industryData.runProcess","eTag":"W/\"3\"","displayName":"SIS import","readinessStatus":"notReady"}`,
	}
	for name, doc := range payloads {
		t.Run(name, func(t *testing.T) {
			var g RunGroup
			require.NoError(t, json.Unmarshal([]byte(doc), &g))
			out, err := json.Marshal(g)
			require.NoError(t, err)
			assert.JSONEq(t, doc, string(out))
		})
	}

	var g RunGroup
	require.NoError(t, json.Unmarshal([]byte(payloads["draft runGroup, industryData namespace"]), &g))
	k, err := g.Statistics.Known()
	require.NoError(t, err)
	assert.Equal(t, RunStatusCompletedWithErrors, k.Status)
	require.Len(t, k.ActivityStatistics, 1)
	assert.Equal(t, "Roster inbound", k.ActivityStatistics[0].DisplayName)
	assert.Contains(t, string(k.ActivityStatistics[0].Raw), `"total":42`, "type-specific members stay reachable")
	assert.Equal(t, "RosterValidationFailed: 12 rows rejected (target students.csv); MissingRequiredField: sisId is required", g.BlockingError.String())
	assert.True(t, g.Status.IsTerminal())
}
