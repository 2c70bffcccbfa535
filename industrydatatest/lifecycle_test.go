package industrydatatest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go/industrydatatest"
)

func (g *graph) create(name string) string {
	g.t.Helper()
	r := g.do("POST", "/runGroups", map[string]any{"displayName": name})
	require.Equal(g.t, http.StatusCreated, r.status, "body: %s", r.raw)
	return r.obj(g.t)["id"].(string)
}

func (g *graph) get(id string, header ...string) map[string]any {
	g.t.Helper()
	r := g.do("GET", "/runGroups/"+id, nil, header...)
	require.Equal(g.t, http.StatusOK, r.status, "body: %s", r.raw)
	return r.obj(g.t)
}

func TestDefaultLifecycleCompletesAfterTwoPolls(t *testing.T) {
	g := newGraph(t)
	id := g.create("x")
	assert.Equal(t, "running", g.get(id)["status"])
	first := g.get(id)
	assert.Equal(t, "running", first["status"])
	assert.Nil(t, first["endDateTime"])

	done := g.get(id)
	assert.Equal(t, "completed", done["status"])
	assert.Regexp(t, sevenDigitsRE, done["endDateTime"])
	stats, ok := done["statistics"].(map[string]any)
	require.True(t, ok, "statistics filled: %v", done)
	assert.Equal(t, map[string]any{"errors": float64(0), "warnings": float64(0), "people": float64(42),
		"groups": float64(7), "memberships": float64(84), "organizations": float64(1)}, stats["inboundTotals"])
	assert.NotContains(t, done, "blockingError")
	assert.Equal(t, "completed", g.get(id)["status"], "terminal stays terminal")
}

func TestDurationLifecycleFailsWithBlockingError(t *testing.T) {
	clock := newFakeClock()
	g := newGraph(t, industrydatatest.WithClock(clock.Now),
		industrydatatest.WithLifecycle(industrydatatest.Lifecycle{After: time.Minute, Final: "failed"}))
	id := g.create("x")
	for range 5 {
		assert.Equal(t, "running", g.get(id)["status"], "polls do not count")
	}
	clock.Advance(time.Minute)
	items := values(t, g.do("GET", "/runGroups?"+query("$filter", "status eq 'failed'"), nil))
	require.Len(t, items, 1, "a list sees the transition")
	rg := items[0]
	assert.Equal(t, "2026-11-29T04:54:18.1234567Z", rg["endDateTime"])
	be, ok := rg["blockingError"].(map[string]any)
	require.True(t, ok)
	assert.Equal(t, "InvalidSourceData", be["code"])
	assert.NotEmpty(t, be["details"])

	_, _, body := fetch(t, g.fileLink(id, "getErrorsAndWarningsFile"), "")
	assert.Contains(t, body, "error,MissingRequiredColumn,")
}

func TestLifecycleOutcomesFillTheFile(t *testing.T) {
	for final, want := range map[string][2]int{"completedWithErrors": {2, 1}, "completedWithWarnings": {0, 2}} {
		t.Run(final, func(t *testing.T) {
			g := newGraph(t, industrydatatest.WithLifecycle(industrydatatest.Lifecycle{Polls: 1, Final: final}))
			id := g.create("x")
			assert.Equal(t, "running", g.get(id)["status"])
			rg := g.get(id)
			assert.Equal(t, final, rg["status"])
			totals := rg["statistics"].(map[string]any)["inboundTotals"].(map[string]any)
			assert.Equal(t, float64(want[0]), totals["errors"])
			assert.Equal(t, float64(want[1]), totals["warnings"])
			_, _, body := fetch(t, g.fileLink(id, "getErrorsAndWarningsFile"), "")
			assert.Equal(t, want[0], strings.Count(body, "\nerror,"))
			assert.Equal(t, want[1], strings.Count(body, "\nwarning,"))
		})
	}
}

func TestImmediateLifecycleAndUnknownFinalStatus(t *testing.T) {
	g := newGraph(t, industrydatatest.WithLifecycle(industrydatatest.Lifecycle{Final: "archived"}))
	id := g.create("x")
	assert.Equal(t, "unknownFutureValue", g.get(id)["status"])
	assert.Equal(t, "archived", g.get(id, "Prefer", "include-unknown-enum-members")["status"])
}

func TestFinishEndsSeededGroups(t *testing.T) {
	g := newGraph(t)
	ids := g.seed(industrydatatest.Document{"status": "running"})
	require.NoError(t, g.s.Finish(ids[0], "failed"))
	rg := g.get(ids[0])
	assert.Equal(t, "failed", rg["status"])
	assert.NotNil(t, rg["blockingError"])
	assert.Error(t, g.s.Finish(ids[0], "running"))
	assert.Error(t, g.s.Finish("nope", "failed"))
}

func TestConcurrentUse(t *testing.T) {
	g := newGraph(t, industrydatatest.WithMaxPageSize(5))
	g.s.RandomFaults(industrydatatest.Match{Method: "GET"}, 0.2, 1, industrydatatest.Status(503))
	done := make(chan int, 8)
	for range 8 {
		go func() {
			created := 0
			for range 10 {
				req := g.request("POST", "/runGroups", map[string]any{"displayName": "w"})
				req.Header.Set("Authorization", "Bearer "+g.token)
				if resp, err := g.client.Do(req); err == nil {
					if resp.StatusCode == http.StatusCreated {
						created++
					}
					resp.Body.Close()
				}
				req = g.request("GET", "/runGroups?$count=true", nil)
				req.Header.Set("Authorization", "Bearer "+g.token)
				if resp, err := g.client.Do(req); err == nil {
					resp.Body.Close()
				}
				_ = g.s.Requests()
			}
			done <- created
		}()
	}
	total := 0
	for range 8 {
		total += <-done
	}
	assert.Equal(t, 80, total)
	assert.Equal(t, 80, g.s.CreateCount("runGroups"))
	assert.Len(t, g.s.RunGroups(), 80)
}
