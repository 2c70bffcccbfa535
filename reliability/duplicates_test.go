package reliability_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// createTarget is one create operation of the API: where it posts and how to call it.
type createTarget struct {
	name string
	// collection is relative to /industryData, as CreateCount takes it.
	collection string
	create     func(ctx context.Context, c *industrydata.Client, name string) error
}

// createTargets returns the three creates of the API, under the run group parent.
func createTargets(parent string) []createTarget {
	return []createTarget{
		{"runGroup", "runGroups", func(ctx context.Context, c *industrydata.Client, name string) error {
			_, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: name}})
			return err
		}},
		{"run", "runGroups/" + parent + "/runs", func(ctx context.Context, c *industrydata.Client, name string) error {
			_, err := c.RunGroups().ByID(parent).Runs().Create(ctx, &industrydata.Run{DisplayName: name})
			return err
		}},
		{"process", "runGroups/" + parent + "/process", func(ctx context.Context, c *industrydata.Client, name string) error {
			_, err := c.RunGroups().ByID(parent).Process().Add(ctx, &industrydata.Process{DisplayName: name, ReadinessStatus: industrydata.ReadinessStatusReady})
			return err
		}},
	}
}

// TestCreatesAreNeverDuplicated answers each create with a fault after the server
// committed it: a 5xx from a gateway, a reset, a body cut off. The SDK must not retry
// (the server's commit counter shows exactly one create and exactly one POST) and the
// caller must learn that the outcome is unknown, so it can look before creating again.
func TestCreatesAreNeverDuplicated(t *testing.T) {
	commitFaults := []industrydatatest.Fault{
		industrydatatest.CommitThenFail(504), industrydatatest.CommitThenFail(500), industrydatatest.CommitThenFail(502),
		industrydatatest.CommitThenReset(), industrydatatest.TruncateBody(),
	}
	srv := industrydatatest.NewServerT(t)
	ids, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": "parent", "status": "running"})
	require.NoError(t, err)
	c := newClient(t, srv)
	ctx := context.Background()
	calls := 0
	for _, target := range createTargets(ids[0]) {
		for _, f := range commitFaults {
			t.Run(target.name+"/"+f.String(), func(t *testing.T) {
				rule := srv.Fault(industrydatatest.Match{Method: "POST", Path: "/" + target.collection}, industrydatatest.Nth(1), f)
				defer rule.Remove()
				before, posts := srv.CreateCount(target.collection), requestCount(srv, "POST", "/"+target.collection)
				calls++

				err := target.create(ctx, c, "once-"+f.String())

				assert.Equal(t, 1, srv.CreateCount(target.collection)-before, "exactly one create committed")
				assert.Equal(t, 1, requestCount(srv, "POST", "/"+target.collection)-posts, "the POST was not retried")
				require.Error(t, err)
				assert.ErrorIs(t, err, industrydata.ErrOutcomeUnknown, "the caller is told the outcome is unknown: %v", err)
				assert.Contains(t, err.Error(), "outcome unknown")
			})
		}
	}
	figure(t, "duplicates/commit-then-fail", "calls", calls, "creates", totalCreates(srv, ids[0]), "duplicates", totalCreates(srv, ids[0])-calls)
}

// TestCreatesRetriedOnlyWhenSafe checks the other side: faults that prove the server did
// not process the create (429, 503) are retried and end in exactly one create, and a
// connection reset before the server committed is not retried either, since the client
// cannot tell it from a reset after.
func TestCreatesRetriedOnlyWhenSafe(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	ids, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": "parent", "status": "running"})
	require.NoError(t, err)
	c := newClient(t, srv)
	ctx := context.Background()
	for _, target := range createTargets(ids[0]) {
		t.Run(target.name+"/throttled-then-created", func(t *testing.T) {
			rule := srv.Fault(industrydatatest.Match{Method: "POST", Path: "/" + target.collection}, industrydatatest.First(3),
				industrydatatest.Throttle("0.001"))
			defer rule.Remove()
			rule503 := srv.Fault(industrydatatest.Match{Method: "POST", Path: "/" + target.collection}, industrydatatest.Nth(4),
				industrydatatest.Unavailable(""))
			defer rule503.Remove()
			before, posts := srv.CreateCount(target.collection), requestCount(srv, "POST", "/"+target.collection)
			require.NoError(t, target.create(ctx, c, "retried"))
			assert.Equal(t, 1, srv.CreateCount(target.collection)-before)
			assert.Equal(t, 5, requestCount(srv, "POST", "/"+target.collection)-posts, "three 429s and a 503 retried, then created")
		})
		t.Run(target.name+"/reset-before-commit", func(t *testing.T) {
			rule := srv.Fault(industrydatatest.Match{Method: "POST", Path: "/" + target.collection}, industrydatatest.Nth(1),
				industrydatatest.ResetConnection())
			defer rule.Remove()
			before, posts := srv.CreateCount(target.collection), requestCount(srv, "POST", "/"+target.collection)
			err := target.create(ctx, c, "reset")
			assert.ErrorIs(t, err, industrydata.ErrOutcomeUnknown)
			assert.Equal(t, 0, srv.CreateCount(target.collection)-before)
			assert.Equal(t, 1, requestCount(srv, "POST", "/"+target.collection)-posts, "not retried blindly")
		})
	}
}

// TestCreatesUnderRandomFaults makes 300 creates while a seeded 20% of the POSTs fail in
// any way, before or after the commit. Each call uses a unique name, so the stored groups
// show what each call did: a call that succeeded created exactly one group, a call that
// failed created at most one and said the outcome is unknown, and no name appears twice.
func TestCreatesUnderRandomFaults(t *testing.T) {
	const calls = 300
	srv := industrydatatest.NewServerT(t)
	c := newClient(t, srv)
	rule := srv.RandomFaults(industrydatatest.Match{Method: "POST", Path: "/runGroups"}, faultRate, 17,
		industrydatatest.CommitThenFail(504), industrydatatest.CommitThenFail(500), industrydatatest.CommitThenReset(),
		industrydatatest.Throttle("0.001"), industrydatatest.Unavailable(""), industrydatatest.Status(504),
		industrydatatest.ResetConnection())
	ctx := context.Background()
	succeeded := map[string]bool{}
	unknown := 0
	for k := range calls {
		name := fmt.Sprintf("c%04d", k)
		_, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: name}})
		switch {
		case err == nil:
			succeeded[name] = true
		case errors.Is(err, industrydata.ErrOutcomeUnknown):
			unknown++
		default:
			t.Errorf("create %s: an error that does not say the outcome is unknown: %v", name, err)
		}
	}
	stored := map[string]int{}
	for _, d := range srv.RunGroups() {
		stored[d["displayName"].(string)]++
	}
	duplicates := 0
	for name, n := range stored {
		if n > 1 {
			duplicates++
			t.Errorf("%s created %d times", name, n)
		}
	}
	for name := range succeeded {
		assert.Equal(t, 1, stored[name], "%s succeeded, so it exists once", name)
	}
	figure(t, "duplicates/random", "calls", calls, "succeeded", len(succeeded), "outcomeUnknown", unknown,
		"creates", srv.CreateCount("runGroups"), "faults", rule.Hits(), "duplicates", duplicates)
	assert.Equal(t, calls, len(succeeded)+unknown)
	assert.LessOrEqual(t, srv.CreateCount("runGroups"), calls)
	assert.Positive(t, unknown, "some faults hit after the commit")
}

// totalCreates sums the creates of the three collections under parent.
func totalCreates(srv *industrydatatest.Server, parent string) int {
	n := 0
	for _, target := range createTargets(parent) {
		n += srv.CreateCount(target.collection)
	}
	return n
}
