package msgraph_test

import (
	"context"
	"testing"

	"github.com/industrydata/industrydata-go/bench/internal/fixture"
	"github.com/industrydata/industrydata-go/bench/internal/loopback"
	"github.com/industrydata/industrydata-go/bench/msgraph"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// TestListReadsEveryRunGroup checks that msgraph-sdk-go really decodes the pages the
// benchmark gives it: every item, in order, with its properties in AdditionalData.
func TestListReadsEveryRunGroup(t *testing.T) {
	srv := loopback.New(loopback.Config{Items: 1_000, PageSize: pageSize})
	defer srv.Close()
	c := newMSGraph(t, srv)
	i := 0
	err := msgraph.List(context.Background(), c, func(e models.Entityable) bool {
		if id := e.GetId(); id == nil || *id != fixture.ID(i) {
			t.Fatalf("item %d: id %v, want %s", i, id, fixture.ID(i))
		}
		for _, name := range []string{"displayName", "startDateTime", "status", "statistics", "sourceSystem"} {
			if _, ok := e.GetAdditionalData()[name]; !ok {
				t.Fatalf("item %d: %s missing from AdditionalData", i, name)
			}
		}
		i++
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != 1_000 {
		t.Fatalf("listed %d run groups, want 1000", i)
	}
}
