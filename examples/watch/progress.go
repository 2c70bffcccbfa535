package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/industrydata/industrydata-go"
)

// progress shows how the wait is going. On a terminal it keeps one live line (status and
// elapsed time) redrawn five times a second; otherwise it writes timestamped lines, one per
// status change and one per heartbeat, which read well in CI logs and cron mail.
type progress struct {
	out       io.Writer
	terminal  bool
	now       func() time.Time
	start     time.Time
	redraw    time.Duration // terminal: how often the live line is redrawn
	heartbeat time.Duration // plain: how often "still running" is written

	mu     sync.Mutex // the ticker goroutine and the waiting goroutine both write
	status industrydata.RunStatus
	live   bool // the live line is on screen
	frame  int
}

func newProgress(out io.Writer, terminal bool, now func() time.Time) *progress {
	return &progress{out: out, terminal: terminal, now: now, start: now(), redraw: 200 * time.Millisecond, heartbeat: 5 * time.Minute}
}

// isTerminal reports whether w is a terminal that can redraw a line, without any
// dependency beyond the standard library.
func isTerminal(w io.Writer, env func(string) string) bool {
	f, ok := w.(*os.File)
	if !ok || env("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// change records a status a poll observed (Wait's WaitOnChange).
func (p *progress) change(rg *industrydata.RunGroup) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.status = rg.Status
	p.clearLocked()
	p.printLocked(string(rg.Status))
	if p.terminal && !rg.Status.IsTerminal() {
		p.drawLocked()
	}
}

// tick starts redrawing (terminal) or heartbeats (plain) until stop is called.
func (p *progress) tick() (stop func()) {
	period := p.heartbeat
	if p.terminal {
		period = p.redraw
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				p.onTick()
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

func (p *progress) onTick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.terminal:
		p.drawLocked()
	case p.status == "":
		p.printLocked("waiting for Graph to answer")
	default:
		p.printLocked("still " + string(p.status))
	}
}

// finish writes the outcome.
func (p *progress) finish(rg *industrydata.RunGroup) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	line := fmt.Sprintf("%q %s after %s", rg.DisplayName, rg.Status, elapsed(p.now().Sub(p.start)))
	if in := totals(rg); in != nil {
		line += fmt.Sprintf(": %s, %s", count(in.Errors, "error"), count(in.Warnings, "warning"))
	}
	fmt.Fprintf(p.out, "%s (exit %d)\n", line, exitCode(rg.Status))
	if rg.BlockingError != nil {
		fmt.Fprintf(p.out, "blocking error: %s\n", rg.BlockingError)
	}
}

// clear removes the live line, before an error message.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
}

// lastStatus is the status last observed, for error messages.
func (p *progress) lastStatus() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.status == "" {
		return "unknown (no poll answered)"
	}
	return string(p.status)
}

func (p *progress) printLocked(what string) {
	d := elapsed(p.now().Sub(p.start))
	if p.terminal {
		fmt.Fprintf(p.out, "%8s  %s\n", d, what)
		return
	}
	fmt.Fprintf(p.out, "%s  %8s  %s\n", p.now().UTC().Format(time.RFC3339), d, what)
}

var spinner = []rune(`|/-\`)

func (p *progress) drawLocked() {
	status := p.status
	if status == "" {
		status = "waiting"
	}
	fmt.Fprintf(p.out, "\r\x1b[K%c %s, %s elapsed", spinner[p.frame%len(spinner)], status, elapsed(p.now().Sub(p.start)))
	p.frame++
	p.live = true
}

func (p *progress) clearLocked() {
	if p.live {
		fmt.Fprint(p.out, "\r\x1b[K")
		p.live = false
	}
}

// elapsed formats a duration for people: tenths of a second under a minute, whole
// seconds above.
func elapsed(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// totals returns the run group's inbound totals, or nil when it reports none in the
// documented shape.
func totals(rg *industrydata.RunGroup) *industrydata.InboundTotals {
	k, err := rg.Statistics.Known()
	if err != nil {
		return nil
	}
	return k.InboundTotals
}

// count says "1 error" or "2 errors".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
