package industrydata

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func decodeGroup(t *testing.T, doc string) *RunGroup {
	t.Helper()
	g := new(RunGroup)
	require.NoError(t, json.Unmarshal([]byte(doc), g))
	return g
}

func TestPatchSendsOnlyWhatChanged(t *testing.T) {
	cases := []struct {
		name   string
		change func(g *RunGroup)
		want   string
	}{
		{"nothing", func(*RunGroup) {}, `{}`},
		{"everyday flow: change one, clear another", func(g *RunGroup) {
			g.DisplayName = "Renamed"
			g.EndDateTime = time.Time{}
		}, `{"displayName":"Renamed","endDateTime":null}`},
		{"SetNull", func(g *RunGroup) { g.SetNull("blockingError", "sourceRegion") },
			`{"blockingError":null,"sourceRegion":null}`},
		{"id is read-only", func(g *RunGroup) { g.ID = "other" }, `{}`},
		{"relationships are not patched", func(g *RunGroup) { g.Runs = []*Run{{ID: "x"}} }, `{}`},
		{"status to a new member", func(g *RunGroup) { g.Status = "paused" }, `{"status":"paused"}`},
		{"time in another zone is the same instant", func(g *RunGroup) {
			g.StartDateTime = g.StartDateTime.In(time.FixedZone("x", 3600))
		}, `{}`},
		{"time moved", func(g *RunGroup) { g.StartDateTime = g.StartDateTime.Add(time.Millisecond) },
			`{"startDateTime":"2026-11-29T02:00:01.1244567Z"}`},
		{"nested error edited in place", func(g *RunGroup) { g.BlockingError.Message = "Resolved." },
			`{"blockingError":{"@odata.type":"#microsoft.graph.publicError","code":"SourceSystemUnavailable","message":"Resolved.","target":"inboundFlows/9f1e","details":[{"code":"Timeout","message":"No answer within 300 s.","target":"roster.csv"}],"innerError":{"code":"GatewayTimeout","message":"upstream","correlationId":"b0b1","retryable":true}}}`},
		{"unknown property changed, added and removed", func(g *RunGroup) {
			require.NoError(t, g.Extra.Set("sourceRegion", "northeurope"))
			require.NoError(t, g.Extra.Set("newProp", 1))
			g.Extra.Delete("retiredProperty")
		}, `{"sourceRegion":"northeurope","newProp":1,"retiredProperty":null}`},
		{"statistics replaced", func(g *RunGroup) {
			s, err := NewRunStatistics(map[string]int{"errors": 0})
			require.NoError(t, err)
			g.Statistics = s
		}, `{"statistics":{"errors":0}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := decodeGroup(t, runGroupDoc)
			c.change(g)
			assert.JSONEq(t, c.want, string(runGroupSchema.patch(g)))
		})
	}
}

func TestPatchOfValueBuiltInCode(t *testing.T) {
	g := &RunGroup{Run: Run{ID: "ignored", DisplayName: "Hand made", Status: RunStatusRunning}}
	g.SetNull("endDateTime")
	require.NoError(t, g.Extra.Set("custom", "v"))
	assert.JSONEq(t, `{"displayName":"Hand made","status":"running","endDateTime":null,"custom":"v"}`,
		string(runGroupSchema.patch(g)))

	// Setting the property again after SetNull sends the value, not null.
	g.EndDateTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	assert.JSONEq(t, `{"displayName":"Hand made","status":"running","endDateTime":"2026-01-01T00:00:00Z","custom":"v"}`,
		string(runGroupSchema.patch(g)))
}

func TestMarshalOfValueBuiltInCode(t *testing.T) {
	r := Run{DisplayName: "x", StartDateTime: time.Date(2026, 1, 2, 3, 4, 5, 600, time.FixedZone("", -3600))}
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"displayName":"x","startDateTime":"2026-01-02T04:04:05.0000006Z"}`, string(out))
	assert.False(t, r.Has("endDateTime"))
}

func TestTimestampsAreSentWithSevenDigits(t *testing.T) {
	r := Run{StartDateTime: time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC)}
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.JSONEq(t, `{"startDateTime":"2026-01-02T03:04:05.1234567Z"}`, string(out))
}

func TestCopiedModelsDoNotShareExtra(t *testing.T) {
	a := decodeGroup(t, runGroupDoc)
	b := *a
	require.NoError(t, b.Extra.Set("sourceRegion", "elsewhere"))
	b.Extra.Delete("retiredProperty")
	v, _ := a.Extra.Get("sourceRegion")
	assert.JSONEq(t, `"westeurope"`, string(v))
	assert.True(t, a.Has("retiredProperty"))
}

func TestExtraCannotShadowFieldsInRequests(t *testing.T) {
	g := decodeGroup(t, runGroupDoc)
	g.DisplayName = "b"
	require.NoError(t, g.Extra.Set("id", "other"))
	require.NoError(t, g.Extra.Set("displayName", "c"))
	assert.JSONEq(t, `{"displayName":"b"}`, string(runGroupSchema.patch(g)))
}

func TestManyUnknownMembersDecodeInLinearTime(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 20000 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"m%d":%d`, i, i)
	}
	b.WriteString(`,"m5":0}`)
	var r Run
	err := json.Unmarshal([]byte(b.String()), &r)
	require.Error(t, err, "the duplicate past the first members is still found")
	assert.Contains(t, err.Error(), `duplicate property "m5"`)
}
