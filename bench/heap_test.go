package bench_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/industrydata/industrydata-go/bench/internal/baseline"
	"github.com/industrydata/industrydata-go/bench/internal/loopback"
)

// heapItems is the length of the listing the heap test reads (shorter under the race
// detector, which makes decoding some ten times slower), and heapMarks the points at which
// it reports the peak heap seen so far.
var (
	heapItems = 100_000
	heapMarks = []int{1_000, 10_000, 100_000}
)

func init() {
	if raceEnabled {
		heapItems = 30_000
		heapMarks = []int{1_000, 10_000, 30_000}
	}
}

// heapProbe samples the heap in use every sampleEvery items and keeps the peak seen up
// to each mark.
type heapProbe struct {
	n     int
	peak  uint64
	marks map[int]uint64
	ms    runtime.MemStats
}

const sampleEvery = 250

func newHeapProbe() *heapProbe {
	runtime.GC()
	return &heapProbe{marks: map[int]uint64{}}
}

func (p *heapProbe) item() {
	p.n++
	if p.n%sampleEvery != 0 {
		return
	}
	runtime.ReadMemStats(&p.ms)
	p.peak = max(p.peak, p.ms.HeapInuse)
	for _, m := range heapMarks {
		if p.n == m {
			p.marks[m] = p.peak
		}
	}
}

// TestHeapFlat lists 100,000 run groups (30,000 with -race) through All and checks that the heap in use does
// not grow with the number of items: the peak over the whole listing stays within a
// small margin of the peak over its first 10,000 items. Keeping every item (or every
// page body) would add hundreds of megabytes. The peaks are logged (go test -v) for
// BENCHMARKS.md, with the baseline's for comparison.
func TestHeapFlat(t *testing.T) {
	srv := loopback.New(loopback.Config{Items: heapItems, PageSize: pageSize, DistinctPages: 10})
	defer srv.Close()
	ctx := context.Background()

	ours := newHeapProbe()
	for rg, err := range newOurs(t, srv).RunGroups().List().All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		if rg.ID == "" {
			t.Fatal("run group without id")
		}
		ours.item()
	}
	if ours.n != heapItems {
		t.Fatalf("listed %d run groups, want %d", ours.n, heapItems)
	}

	base := newHeapProbe()
	if !raceEnabled { // the comparison is for the record only
		err := newBaseline(t, srv).List(ctx, func(*baseline.RunGroup) bool { base.item(); return true })
		if err != nil || base.n != heapItems {
			t.Fatalf("baseline listed %d run groups (err %v)", base.n, err)
		}
	}

	for _, m := range heapMarks {
		t.Logf("peak HeapInuse after %7d items: ours %6.2f MiB, baseline %6.2f MiB", m, mib(ours.marks[m]), mib(base.marks[m]))
	}
	const slack = 4 << 20 // one GC cycle's worth of garbage at the minimum heap target
	if limit := ours.marks[10_000] + ours.marks[10_000]/2 + slack; ours.marks[heapItems] > limit {
		t.Errorf("heap grows with the listing: peak %.2f MiB over %d items, %.2f MiB over 10,000 (limit %.2f MiB)",
			mib(ours.marks[heapItems]), heapItems, mib(ours.marks[10_000]), mib(limit))
	}
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }
