package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
)

// clock is a fake time source that tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }
func group(t *testing.T, doc string) *industrydata.RunGroup {
	t.Helper()
	var rg industrydata.RunGroup
	require.NoError(t, json.Unmarshal([]byte(doc), &rg))
	return &rg
}

func TestTerminalProgressRedrawsOneLine(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	p := newProgress(&out, true, c.now)

	p.change(group(t, `{"status":"running"}`))
	c.advance(1500 * time.Millisecond)
	p.onTick()
	c.advance(75 * time.Second)
	p.change(group(t, `{"displayName":"Roster","status":"completedWithErrors",
		"statistics":{"inboundTotals":{"errors":3,"warnings":1}}}`))
	p.finish(group(t, `{"displayName":"Roster","status":"completedWithErrors",
		"statistics":{"inboundTotals":{"errors":3,"warnings":1}}}`))

	assert.Equal(t, "    0.0s  running\n"+
		"\r\x1b[K| running, 0.0s elapsed"+
		"\r\x1b[K/ running, 1.5s elapsed"+
		"\r\x1b[K   1m17s  completedWithErrors\n"+
		"\"Roster\" completedWithErrors after 1m17s: 3 errors, 1 warning (exit 2)\n", out.String())
}

func TestPlainProgressWritesTimestampedLinesAndHeartbeats(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	p := newProgress(&out, false, c.now)

	p.onTick()
	p.change(group(t, `{"status":"running"}`))
	c.advance(5 * time.Minute)
	p.onTick()
	p.clear()

	assert.Equal(t, "2026-03-01T12:00:00Z      0.0s  waiting for Graph to answer\n"+
		"2026-03-01T12:00:00Z      0.0s  running\n"+
		"2026-03-01T12:05:00Z      5m0s  still running\n", out.String())
	assert.Equal(t, "running", p.lastStatus())
}

// syncBuffer is a bytes.Buffer safe for the ticker goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestTickRedrawsUntilStopped(t *testing.T) {
	var out syncBuffer
	p := newProgress(&out, true, time.Now)
	p.redraw = time.Millisecond

	stop := p.tick()
	require.Eventually(t, func() bool { return bytes.Count([]byte(out.String()), []byte("waiting, ")) >= 2 },
		time.Second, time.Millisecond)
	stop()
	after := out.String()
	p.clear()
	assert.Equal(t, after+"\r\x1b[K", out.String(), "nothing is drawn after stop but the clearing")
}

func TestIsTerminal(t *testing.T) {
	env := func(string) string { return "" }
	assert.False(t, isTerminal(&bytes.Buffer{}, env))
	f, err := os.Create(filepath.Join(t.TempDir(), "out.log"))
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f, env), "a regular file is not a terminal")
}

func TestExitCodes(t *testing.T) {
	assert.Equal(t, 0, exitCode(industrydata.RunStatusCompleted))
	assert.Equal(t, 1, exitCode(industrydata.RunStatusCompletedWithWarnings))
	assert.Equal(t, 2, exitCode(industrydata.RunStatusCompletedWithErrors))
	assert.Equal(t, 2, exitCode(industrydata.RunStatusFailed))
	assert.Equal(t, 3, exitCode(industrydata.RunStatusRunning))
	assert.Equal(t, 3, exitCode("pausedForReview"))
}

func TestElapsed(t *testing.T) {
	assert.Equal(t, "0.0s", elapsed(0))
	assert.Equal(t, "59.9s", elapsed(59940*time.Millisecond))
	assert.Equal(t, "1m0s", elapsed(time.Minute))
	assert.Equal(t, "2h0m5s", elapsed(2*time.Hour+5*time.Second+400*time.Millisecond))
}
