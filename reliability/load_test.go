package reliability_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// loadStats is what one load run measured.
type loadStats struct {
	calls, failed, requests, faults, resets int
	connections                             int64
	goroutinesBefore, goroutinesAfter       int
	elapsed                                 time.Duration
}

func (s loadStats) leaked() int { return max(s.goroutinesAfter-s.goroutinesBefore, 0) }

// runLoad shares one Client among workers goroutines making calls calls each (reads,
// one-page lists and updates of the worker's own group) while rate of the requests fail
// transiently. The client reaches the server through a TCP relay that counts the
// connections the SDK's own transport opens. Everything is closed before the goroutines
// are counted again.
func runLoad(t *testing.T, workers, calls int, rate float64, seed int64) loadStats {
	t.Helper()
	st := loadStats{calls: workers * calls, goroutinesBefore: goroutineBaseline()}

	srv := industrydatatest.NewServer()
	ids, err := srv.SeedRunGroups(groupDocs(workers)...)
	require.NoError(t, err)
	rl := newRelay(t, strings.TrimPrefix(srv.URL(), "http://"))
	cr := srv.Credentials()
	c, err := industrydata.NewClient(industrydata.WithBaseURL("http://"+rl.addr()+"/beta"),
		industrydata.WithAuthorityHost(srv.URL()),
		industrydata.WithClientCredentials(cr.TenantID, cr.ClientID, cr.ClientSecret),
		industrydata.WithRetry(fastRetry()))
	require.NoError(t, err)
	rule := srv.RandomFaults(industrydatatest.Match{Path: "/runGroups/**"}, rate, seed,
		industrydatatest.Throttle("0.001"), industrydatatest.Unavailable(""), industrydatatest.Status(503),
		industrydatatest.Status(504), industrydatatest.ResetConnection())

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var failures atomic.Int64
	var firstErr sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for w := range workers {
		wg.Go(func() {
			g := c.RunGroups().ByID(ids[w])
			for k := range calls {
				var err error
				switch k % 5 {
				case 0, 1:
					var rg *industrydata.RunGroup
					if rg, err = g.Get(ctx); err == nil && rg.ID != ids[w] {
						err = fmt.Errorf("got group %s, want %s", rg.ID, ids[w])
					}
				case 2, 3:
					var p *industrydata.Page[industrydata.RunGroup]
					if p, err = c.RunGroups().List().Top(5).Page(ctx); err == nil && len(p.Items) != 5 {
						err = fmt.Errorf("page of %d items, want 5", len(p.Items))
					}
				case 4:
					err = g.Update(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: fmt.Sprintf("w%d-k%d", w, k)}})
				}
				if err != nil {
					failures.Add(1)
					firstErr.Do(func() { t.Errorf("worker %d call %d: %v", w, k, err) })
				}
			}
		})
	}
	wg.Wait()
	st.elapsed = time.Since(start)
	st.failed = int(failures.Load())

	lastUpdate := (calls-1)/5*5 + 4
	for w, id := range ids {
		if lastUpdate < calls {
			doc, _ := srv.RunGroup(id)
			assert.Equal(t, fmt.Sprintf("w%d-k%d", w, lastUpdate), doc["displayName"], "the last update of worker %d", w)
		}
	}
	for _, r := range srv.Requests() {
		if strings.Contains(r.Path, "/industryData/") {
			st.requests++
		}
		if r.Fault == "ResetConnection" {
			st.resets++
		}
	}
	st.faults = rule.Hits()
	st.connections = rl.accepted.Load()

	c.Close()
	rl.close()
	srv.Close()
	st.goroutinesAfter = settledGoroutines(st.goroutinesBefore)
	return st
}

func loadFigure(t *testing.T, name string, workers int, s loadStats) {
	figure(t, name, "race", raceEnabled, "workers", workers, "calls", s.calls, "failed", s.failed,
		"requests", s.requests, "faults", s.faults, "resets", s.resets, "connections", s.connections,
		"goroutinesBefore", s.goroutinesBefore, "goroutinesAfter", s.goroutinesAfter, "leaked", s.leaked(),
		"elapsed", s.elapsed.Round(time.Millisecond))
}

// TestLoadOneClientManyGoroutines: 200 goroutines × 50 calls on one Client with 5%
// faults. Every call succeeds, the race detector stays quiet (the suite runs with -race),
// no goroutine is left behind, and at least 90% of the requests reuse a connection. (The
// SDK's pool keeps 16 idle connections per host, so 200 concurrent callers make it open
// and trim connections between bursts; TestConnectionsAreReused checks reuse exactly.)
func TestLoadOneClientManyGoroutines(t *testing.T) {
	const workers, calls = 200, 50
	s := runLoad(t, workers, calls, 0.05, 23)
	loadFigure(t, "load/200x50", workers, s)
	assert.Zero(t, s.failed)
	assert.Positive(t, s.faults)
	assert.Equal(t, s.calls+s.faults, s.requests, "one extra request per fault")
	assert.LessOrEqual(t, s.connections, int64(s.requests/10), "connections are reused")
	assert.Zero(t, s.leaked(), "goroutines left behind")
}

// TestConnectionsAreReused runs as many goroutines as the pool keeps idle connections,
// with 5% faults: throttling and 5xx answers must be drained and their connections
// reused, so the new connections are the first one per goroutine, one per connection the
// server reset, and the odd spare from net/http's dial race.
func TestConnectionsAreReused(t *testing.T) {
	const workers, calls = 16, 100
	s := runLoad(t, workers, calls, 0.05, 29)
	loadFigure(t, "load/reuse-16x100", workers, s)
	assert.Zero(t, s.failed)
	assert.Positive(t, s.resets)
	// net/http may dial while another connection is on its way back to the pool; the
	// spare is then closed. Allow that for half the workers, no more.
	assert.LessOrEqual(t, s.connections, int64(workers+s.resets+workers/2), "one connection per worker, plus one per reset")
	assert.Zero(t, s.leaked(), "goroutines left behind")
}
