package bench_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/industrydata/industrydata-go/bench/internal/baseline"
	"github.com/industrydata/industrydata-go/bench/internal/loopback"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSameRunGroups checks that the benchmarks compare like with like: the SDK and the
// baseline read the same 10,000 run groups with the same values, and the SDK also keeps
// the properties and annotations it has no field for (the baseline drops them).
func TestSameRunGroups(t *testing.T) {
	srv := loopback.New(loopback.Config{Items: listItems, PageSize: pageSize})
	defer srv.Close()
	ctx := context.Background()

	var want []*baseline.RunGroup
	require.NoError(t, newBaseline(t, srv).List(ctx, func(rg *baseline.RunGroup) bool {
		want = append(want, rg)
		return true
	}))
	require.Len(t, want, listItems)

	i := 0
	failed := 0
	for rg, err := range newOurs(t, srv).RunGroups().List().All(ctx) {
		require.NoError(t, err)
		require.Less(t, i, listItems)
		w := want[i]
		assert.Equal(t, w.ID, rg.ID)
		assert.Equal(t, w.ODataType, rg.ODataType)
		assert.Equal(t, w.DisplayName, rg.DisplayName)
		assert.Equal(t, w.Status, string(rg.Status))
		assert.True(t, w.StartDateTime.Equal(rg.StartDateTime), "startDateTime of %s", rg.ID)
		if w.EndDateTime == nil {
			assert.True(t, rg.EndDateTime.IsZero() && rg.IsNull("endDateTime"), "endDateTime of %s", rg.ID)
		} else {
			assert.True(t, w.EndDateTime.Equal(rg.EndDateTime), "endDateTime of %s", rg.ID)
		}
		assert.JSONEq(t, string(w.Statistics), string(rg.Statistics.JSON()))
		if w.BlockingError != nil {
			require.NotNil(t, rg.BlockingError, "blockingError of %s", rg.ID)
			assert.Equal(t, w.BlockingError.Code, rg.BlockingError.Code)
			assert.Len(t, rg.BlockingError.Details, len(w.BlockingError.Details))
			failed++
		} else {
			assert.Nil(t, rg.BlockingError)
		}
		for _, name := range []string{"@odata.etag", "lastModifiedDateTime", "sourceSystem"} {
			_, ok := rg.Extra.Get(name)
			assert.True(t, ok, "%s of %s kept", name, rg.ID)
		}
		i++
	}
	assert.Equal(t, listItems, i)
	assert.Equal(t, listItems/5, failed, "one run group in five carries a blockingError")

	// What the SDK keeps, it writes back.
	g, err := newOurs(t, srv).RunGroups().ByID("x").Get(ctx)
	require.NoError(t, err)
	out, err := json.Marshal(g)
	require.NoError(t, err)
	var back map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Contains(t, back, "sourceSystem")
	assert.Contains(t, back, "@odata.etag")
}
