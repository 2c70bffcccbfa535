package industrydata

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// WaitOption configures RunGroupItem.Wait.
type WaitOption func(*waitConfig)

type waitConfig struct {
	initial, max time.Duration
	onChange     func(*RunGroup)
}

// Default polling of Wait: start quickly, then back off to spare the caller's Graph quota
// (run groups typically take minutes to hours).
const (
	defaultPollInitial = 2 * time.Second
	defaultPollMax     = time.Minute
)

// WaitPollInterval sets the first interval between polls and the longest one; the interval
// grows by half after every poll that finds the run group still running. A Retry-After
// from Graph overrides the interval. Defaults: 2 s, growing to 1 min.
func WaitPollInterval(initial, max time.Duration) WaitOption {
	return func(c *waitConfig) {
		if initial > 0 {
			c.initial = initial
		}
		if max > 0 {
			c.max = max
		}
	}
}

// WaitOnChange calls f with the run group each time a poll observes a new status, the first
// poll included, so a program can report progress.
func WaitOnChange(f func(*RunGroup)) WaitOption {
	return func(c *waitConfig) { c.onChange = f }
}

// Wait polls the run group until its status is terminal (see RunStatus.IsTerminal) and
// returns it. Throttling does not end the wait: when Graph still answers 429 or 503 after
// the client's retries, Wait waits as long as Graph asks and polls again. Any other
// error ends the wait.
//
// Wait runs until ctx is done; give it a deadline. When ctx ends first, Wait returns the
// last run group it saw (nil if none) and an error wrapping ctx's error.
func (g RunGroupItem) Wait(ctx context.Context, opts ...WaitOption) (*RunGroup, error) {
	cfg := waitConfig{initial: defaultPollInitial, max: defaultPollMax}
	for _, o := range opts {
		o(&cfg)
	}
	cfg.max = max(cfg.max, cfg.initial)
	if len(g.opts.Select) > 0 && !slices.Contains(g.opts.Select, "status") && !slices.Contains(g.opts.Select, "*") {
		g = g.Select("status") // without it no poll could ever see the end
	}
	var last *RunGroup
	interval := cfg.initial
	for {
		rg, header, err := g.get(ctx)
		delay := interval
		switch {
		case err == nil:
			if cfg.onChange != nil && (last == nil || last.Status != rg.Status) {
				cfg.onChange(rg)
			}
			last = rg
			if rg.Status.IsTerminal() {
				return rg, nil
			}
			if d, ok := parseRetryAfter(header.Get("Retry-After"), time.Now()); ok {
				delay = max(delay, d) // a Retry-After may lengthen the wait, never shorten it
			}
		case ctx.Err() != nil:
			return last, fmt.Errorf("industrydata: waiting for run group: %w", ctx.Err())
		default:
			var ge *Error
			if !errors.As(err, &ge) || (ge.StatusCode != http.StatusTooManyRequests && ge.StatusCode != http.StatusServiceUnavailable) {
				return last, err
			}
			delay = max(delay, ge.RetryAfter)
		}
		if err := sleepContext(ctx, delay); err != nil {
			return last, fmt.Errorf("industrydata: waiting for run group: %w", err)
		}
		interval = min(interval+interval/2, cfg.max)
	}
}
