package bench_test

import (
	"time"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/bench/internal/baseline"
)

// createStart is the start time of the run group every Create benchmark sends.
var createStart = time.Date(2026, 1, 2, 3, 4, 5, 123456700, time.UTC)

// oursNew and baselineNew build the same run group (fixture.CreateBody) in each client's
// model, fresh for every call, as a caller would.
func oursNew() *industrydata.RunGroup {
	return &industrydata.RunGroup{Run: industrydata.Run{
		ODataType:     "#microsoft.graph.runGroup",
		DisplayName:   "Nightly roster sync",
		Status:        industrydata.RunStatusRunning,
		StartDateTime: createStart,
	}}
}

func baselineNew() *baseline.RunGroup {
	return &baseline.RunGroup{
		ODataType:     "#microsoft.graph.runGroup",
		DisplayName:   "Nightly roster sync",
		Status:        "running",
		StartDateTime: createStart,
	}
}
