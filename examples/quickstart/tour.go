package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/industrydata/industrydata-go"
)

// tour runs the walk-through against one target and keeps what the summary reports.
type tour struct {
	c                *industrydata.Client
	out              io.Writer
	minPoll, maxPoll time.Duration

	created   *industrydata.RunGroup // nil until created, and again once deleted
	runs      int
	processes int
	listed    int
	pages     int
	final     industrydata.RunStatus
}

const (
	displayName = "Quickstart roster sync"
	// maxPages bounds the paging step, so that a tenant with years of history does
	// not make the quickstart slow.
	maxPages = 3
	// fileLines is how much of the errors-and-warnings file is printed.
	fileLines = 4
	// waitLimit bounds the wait for the run group to finish.
	waitLimit = 10 * time.Minute
)

func newTour(t *target, out io.Writer) *tour {
	return &tour{c: t.client, out: out, minPoll: t.minPoll, maxPoll: t.maxPoll}
}

// step is one stage of the tour; its name prefixes the error of a failed call.
type step struct {
	name string
	do   func(context.Context) error
}

func (t *tour) run(ctx context.Context) error {
	for _, s := range []step{
		{"create a run group", t.create},
		{"add runs and a process", t.addRunsAndProcess},
		{"list with a filter", t.listFiltered},
		{"list page by page", t.listPages},
		{"wait for the run group", t.wait},
		{"read the errors-and-warnings file", t.readErrorsFile},
		{"update the run group", t.update},
		{"delete the run group", t.delete},
	} {
		if err := s.do(ctx); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return nil
}

func (t *tour) printf(format string, args ...any) { fmt.Fprintf(t.out, format+"\n", args...) }

func (t *tour) item() industrydata.RunGroupItem { return t.c.RunGroups().ByID(t.created.ID) }

func (t *tour) create(ctx context.Context) error {
	rg, err := t.c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: displayName}})
	if err != nil {
		return err
	}
	t.created = rg
	t.printf("Created run group %q: status %s, id %s.", rg.DisplayName, rg.Status, rg.ID)
	return nil
}

func (t *tour) addRunsAndProcess(ctx context.Context) error {
	item := t.item()
	for _, name := range []string{"roster inbound", "grades outbound"} {
		if _, err := item.Runs().Create(ctx, &industrydata.Run{DisplayName: name}); err != nil {
			return err
		}
	}
	if _, err := item.Process().Add(ctx, &industrydata.Process{DisplayName: "Nightly roster sync"}); err != nil {
		return err
	}
	var runs, processes []string
	for r, err := range item.Runs().List().Select("displayName").All(ctx) {
		if err != nil {
			return err
		}
		runs = append(runs, fmt.Sprintf("%q", r.DisplayName))
	}
	for p, err := range item.Process().List().All(ctx) {
		if err != nil {
			return err
		}
		processes = append(processes, fmt.Sprintf("%q", p.DisplayName))
	}
	t.runs, t.processes = len(runs), len(processes)
	t.printf("Added %d runs (%s) and %d process (%s).", t.runs, strings.Join(runs, ", "), t.processes, strings.Join(processes, ", "))
	return nil
}

func (t *tour) listFiltered(ctx context.Context) error {
	f := industrydata.And(
		industrydata.Eq("status", industrydata.RunStatusRunning),
		industrydata.Ge("startDateTime", time.Now().Add(-24*time.Hour).Truncate(time.Second)),
	)
	var names []string
	for rg, err := range t.c.RunGroups().List().Filter(f).Select("id", "displayName").All(ctx) {
		if err != nil {
			return err
		}
		names = append(names, rg.DisplayName)
	}
	t.printf("Running and started in the last 24 hours: %s.\n  ($filter=%s)", listOf(names, 3), f)
	return nil
}

func (t *tour) listPages(ctx context.Context) error {
	q := t.c.RunGroups().List().
		Select("id", "displayName", "status", "startDateTime").
		OrderBy("startDateTime desc").
		PageSize(10).
		Count()
	t.printf("Newest first, 10 per page, four properties each:")
	for p, err := range q.Pages(ctx) {
		if err != nil {
			return err
		}
		t.pages++
		t.listed += len(p.Items)
		line := fmt.Sprintf("  page %d: %2d run groups", t.pages, len(p.Items))
		if len(p.Items) > 0 {
			line += fmt.Sprintf(", %s … %s", p.Items[0].DisplayName, p.Items[len(p.Items)-1].DisplayName)
		}
		if n, ok := p.Count(); ok && t.pages == 1 {
			line += fmt.Sprintf(" (%d in all)", n)
		}
		t.printf("%s", line)
		if t.pages == maxPages && p.NextLink != "" {
			t.printf("  (stopping after %d pages)", maxPages)
			break
		}
	}
	return nil
}

func (t *tour) wait(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, waitLimit)
	defer cancel()
	t.printf("Waiting for %q to finish (polling every %v to %v):", t.created.DisplayName, t.minPoll, t.maxPoll)
	start := time.Now()
	rg, err := t.item().Wait(ctx,
		industrydata.WaitPollInterval(t.minPoll, t.maxPoll),
		industrydata.WaitOnChange(func(rg *industrydata.RunGroup) {
			t.printf("  %5.1fs  %s", time.Since(start).Seconds(), rg.Status)
		}),
	)
	if err != nil {
		return err
	}
	t.created, t.final = rg, rg.Status
	t.printStatistics(rg)
	return nil
}

func (t *tour) printStatistics(rg *industrydata.RunGroup) {
	if rg.BlockingError != nil {
		t.printf("Blocking error: %s", rg.BlockingError)
	}
	known, err := rg.Statistics.Known()
	switch {
	case err != nil:
		t.printf("Statistics in a shape this program does not know: %v", err)
	case known.InboundTotals == nil:
		t.printf("No inbound statistics reported.")
	default:
		in := known.InboundTotals
		t.printf("Statistics: %d errors, %d warnings, %d people, %d groups.", in.Errors, in.Warnings, in.People, in.Groups)
	}
}

func (t *tour) readErrorsFile(ctx context.Context) error {
	head := &headWriter{max: fileLines}
	n, err := t.item().DownloadErrorsAndWarningsFile(ctx, head)
	if err != nil {
		return err
	}
	t.printf("Errors-and-warnings file (%d bytes), first lines:", n)
	for _, line := range head.lines() {
		t.printf("  %s", line)
	}
	return nil
}

func (t *tour) update(ctx context.Context) error {
	rg := t.created
	rg.DisplayName += " (reviewed)"
	if err := t.item().Update(ctx, rg); err != nil { // sends only displayName
		return err
	}
	got, err := t.item().Select("displayName").Get(ctx)
	if err != nil {
		return err
	}
	t.printf("Renamed it; Graph now says %q.", got.DisplayName)
	return nil
}

func (t *tour) delete(ctx context.Context) error {
	item := t.item()
	if err := item.Delete(ctx); err != nil {
		return err
	}
	t.created = nil
	_, err := item.Get(ctx)
	var gerr *industrydata.Error
	switch {
	case errors.As(err, &gerr) && errors.Is(err, industrydata.ErrNotFound):
		t.printf("Deleted it; reading it again answers %d %s.", gerr.StatusCode, gerr.Code)
	case err != nil:
		return err
	default:
		t.printf("Deleted it (Graph may list it for a little while longer).")
	}
	return nil
}

// cleanup deletes the run group when the tour stopped before deleting it, so that a
// failed run against Graph leaves nothing behind. It outlives a cancelled ctx.
func (t *tour) cleanup(ctx context.Context) error {
	if t.created == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	return t.item().Delete(ctx)
}

func (t *tour) summary(elapsed time.Duration) string {
	return fmt.Sprintf("done: 1 run group created (%d runs, %d process), %d listed over %d pages, finished %s, renamed and deleted, in %.1fs",
		t.runs, t.processes, t.listed, t.pages, t.final, elapsed.Seconds())
}

// listOf names up to max items for a sentence.
func listOf(names []string, max int) string {
	switch {
	case len(names) == 0:
		return "none"
	case len(names) > max:
		return fmt.Sprintf("%s and %d more", strings.Join(names[:max], ", "), len(names)-max)
	}
	return strings.Join(names, ", ")
}
