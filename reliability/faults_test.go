package reliability_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// faultMix is a set of faults a random rule picks from, named for the figures.
type faultMix struct {
	name  string
	kinds []industrydatatest.Fault
}

// The faults of a throttling storm and a flaky network, with Graph's Retry-After of
// 0-1 s scaled down to 0-10 ms. The second mix adds truncated bodies: a response whose
// headers arrived but whose body was cut off.
var (
	transientFaults = []industrydatatest.Fault{
		industrydatatest.Throttle("0"), industrydatatest.Throttle("0.001"), industrydatatest.Throttle("0.01"),
		industrydatatest.Throttle(""), // no Retry-After: the client backs off on its own
		industrydatatest.Unavailable("0.005"), industrydatatest.Status(503), industrydatatest.Status(504),
		industrydatatest.ResetConnection(),
	}
	faultMixes = []faultMix{
		{"statuses+resets", transientFaults},
		{"statuses+resets+truncated", append(append([]industrydatatest.Fault(nil), transientFaults...), industrydatatest.TruncateBody(), industrydatatest.TruncateBody())},
	}
)

// faultRate is the share of requests the random rules answer with a fault.
const faultRate = 0.20

// TestFaultsSurvivedListing lists 10,000 run groups in pages of 100 while a seeded 20% of
// the page requests fail, and checks that every item is yielded exactly once, in order.
func TestFaultsSurvivedListing(t *testing.T) {
	const total, pageSize = 10_000, 100
	for i, mix := range faultMixes {
		t.Run(mix.name, func(t *testing.T) {
			t.Parallel()
			srv := industrydatatest.NewServerT(t)
			_, err := srv.SeedRunGroups(groupDocs(total)...)
			require.NoError(t, err)
			logs := &logCapture{}
			c := newClient(t, srv, industrydata.WithLogger(logs.logger()))
			rule := srv.RandomFaults(industrydatatest.Match{Method: "GET", Path: "/runGroups"}, faultRate, int64(7+i), mix.kinds...)

			start := time.Now()
			next, failed := 0, error(nil)
			for rg, err := range c.RunGroups().List().PageSize(pageSize).All(context.Background()) {
				if err != nil {
					failed = err
					break
				}
				// Exactly once and in order: item k is g0000k, so a repeat, a gap or a
				// reordering shows at the first item out of place.
				if want := fmt.Sprintf("g%05d", next); rg.DisplayName != want {
					require.Failf(t, "item out of place", "item %d is %q, want %q", next, rg.DisplayName, want)
				}
				next++
			}
			elapsed := time.Since(start)
			attempts := requestCount(srv, "GET", "/industryData/runGroups")
			faults := faultedCount(srv.Requests())
			figure(t, "faults/list/"+mix.name, "items", next, "pages", total/pageSize, "attempts", attempts,
				"retries", faults-failures(failed), "faults", faults, "elapsed", elapsed.Round(time.Millisecond))
			require.NoError(t, failed, "listing failed after %d of %d items", next, total)
			assert.Equal(t, total, next, "every item yielded")
			assert.Positive(t, rule.Hits(), "faults were injected")
			assert.Equal(t, total/pageSize+rule.Hits(), attempts, "one extra attempt per injected fault, no more")
			assertNoTokenIn(t, logs.String(), bearerTokens(srv.Requests()), "debug log")
		})
	}
}

// failures is 1 for a call that ended in an error, else 0: the fault that ended it was
// not retried.
func failures(err error) int {
	if err != nil {
		return 1
	}
	return 0
}

// TestFaultsSurvivedWait waits for run groups created through POST while a seeded 20% of
// the polls fail; each wait must end with the group's terminal status, not an error.
func TestFaultsSurvivedWait(t *testing.T) {
	const groups, polls = 20, 10
	for i, mix := range faultMixes {
		t.Run(mix.name, func(t *testing.T) {
			t.Parallel()
			srv := industrydatatest.NewServerT(t, industrydatatest.WithLifecycle(industrydatatest.Lifecycle{Polls: polls, Final: "completedWithWarnings"}))
			c := newClient(t, srv)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			ids := make([]string, groups)
			for k := range ids {
				g, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: fmt.Sprintf("w%d", k)}})
				require.NoError(t, err)
				ids[k] = g.ID
			}
			rule := srv.RandomFaults(industrydatatest.Match{Method: "GET", Path: "/runGroups/*"}, faultRate, int64(11+i), mix.kinds...)

			start := time.Now()
			done := 0
			for _, id := range ids {
				var changes []industrydata.RunStatus
				rg, err := c.RunGroups().ByID(id).Wait(ctx, industrydata.WaitPollInterval(time.Millisecond, 2*time.Millisecond),
					industrydata.WaitOnChange(func(g *industrydata.RunGroup) { changes = append(changes, g.Status) }))
				if !assert.NoError(t, err, "waiting for %s", id) {
					continue
				}
				assert.Equal(t, industrydata.RunStatusCompletedWithWarnings, rg.Status)
				assert.Equal(t, []industrydata.RunStatus{industrydata.RunStatusRunning, industrydata.RunStatusCompletedWithWarnings}, changes)
				done++
			}
			attempts, faults := requestCount(srv, "GET", ""), faultedCount(srv.Requests())
			figure(t, "faults/wait/"+mix.name, "groups", groups, "completed", done, "attempts", attempts,
				"retries", faults-(groups-done), "faults", faults, "elapsed", time.Since(start).Round(time.Millisecond))
			assert.Equal(t, groups, done)
			assert.Positive(t, rule.Hits())
		})
	}
}

// TestFaultsSurvivedUpdates renames 300 run groups while a seeded 20% of the PATCH
// requests fail, and checks that every rename took effect exactly as sent.
func TestFaultsSurvivedUpdates(t *testing.T) {
	const groups = 300
	for i, mix := range faultMixes {
		t.Run(mix.name, func(t *testing.T) {
			t.Parallel()
			// PATCH answers 200 with the entity, so truncated bodies hit a body the SDK reads.
			srv := industrydatatest.NewServerT(t, industrydatatest.WithPatchReturnsEntity(true))
			ids, err := srv.SeedRunGroups(groupDocs(groups)...)
			require.NoError(t, err)
			c := newClient(t, srv)
			rule := srv.RandomFaults(industrydatatest.Match{Method: "PATCH", Path: "/runGroups/*"}, faultRate, int64(13+i), mix.kinds...)

			start := time.Now()
			ok := 0
			for k, id := range ids {
				rg := &industrydata.RunGroup{Run: industrydata.Run{DisplayName: fmt.Sprintf("renamed-%05d", k)}}
				if assert.NoError(t, c.RunGroups().ByID(id).Update(context.Background(), rg), "update %d", k) {
					assert.Equal(t, fmt.Sprintf("renamed-%05d", k), rg.DisplayName)
					ok++
				}
			}
			for k, id := range ids {
				doc, found := srv.RunGroup(id)
				require.True(t, found)
				assert.Equal(t, fmt.Sprintf("renamed-%05d", k), doc["displayName"], "group %d", k)
			}
			attempts, faults := requestCount(srv, "PATCH", ""), faultedCount(srv.Requests())
			figure(t, "faults/update/"+mix.name, "updates", groups, "succeeded", ok, "attempts", attempts,
				"retries", faults-(groups-ok), "faults", faults, "elapsed", time.Since(start).Round(time.Millisecond))
			assert.Equal(t, groups, ok)
			assert.Positive(t, rule.Hits())
		})
	}
}
