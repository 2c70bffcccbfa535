// Watch waits for one run group to reach a terminal status and reports the outcome in its
// exit status, for CI pipelines and cron jobs:
//
//	go build -o watch ./examples/watch
//	./watch -id 5f0c7f5e-... -timeout 2h
//
// Try it without credentials on a demo run group of the in-memory Graph server:
//
//	go run ./examples/watch -offline -demo-final completedWithWarnings
//
// Exit status:
//
//	0  completed
//	1  completedWithWarnings
//	2  failed or completedWithErrors
//	3  anything else: a usage error, the -timeout passed, an interrupt, or a failed call
//	   (the Graph error code and request-id are printed)
//
// On a terminal it keeps one line up to date with the status and the time elapsed; when
// its output goes to a file or pipe it writes one timestamped line per status change,
// and a "still running" line every five minutes so that CI systems that stop silent jobs
// leave it alone.
//
// Flags:
//
//	-id ID          the run group to watch (required unless -offline)
//	-timeout D      give up after D, exit 3 (default 1h; 0 waits as long as it takes)
//	-interval D     the longest pause between polls (default 1m); polls start at
//	                2s and back off to it, and Graph's Retry-After wins
//	-offline        start the in-memory Graph server, create a demo run group in it and
//	                watch that one: no credentials, no network
//	-demo-final S   with -offline, the status the demo run group ends in (default
//	                completed; try completedWithWarnings, completedWithErrors, failed)
//	-demo-time D    with -offline, how long the demo run group runs (default 3s)
//
// go run prints a program's non-zero exit status as "exit status N" but exits 1 itself;
// build the program to hand its exit status to a script:
//
//	./watch -offline -demo-final completedWithWarnings; echo $?   # prints 1
//
// Credentials come from the environment, as in the Azure tooling: AZURE_TENANT_ID,
// AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, with GRAPH_BASE_URL and AZURE_AUTHORITY_HOST
// to override the Graph endpoint and the token authority.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/industrydata/industrydata-go"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes; see the package documentation.
const (
	exitCompleted    = 0
	exitWithWarnings = 1
	exitFailed       = 2
	exitError        = 3
)

// exitCode maps a terminal status to the program's exit status.
func exitCode(s industrydata.RunStatus) int {
	switch s {
	case industrydata.RunStatusCompleted:
		return exitCompleted
	case industrydata.RunStatusCompletedWithWarnings:
		return exitWithWarnings
	case industrydata.RunStatusFailed, industrydata.RunStatusCompletedWithErrors:
		return exitFailed
	}
	return exitError
}

// run is the whole program, with its environment passed in so that tests can run it
// against their own server; it returns the exit status.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitCompleted
	}
	if err != nil {
		fmt.Fprintf(stderr, "watch: %v\n", err)
		return exitError
	}
	tg, err := connect(ctx, env, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "watch: %v\n", err)
		describe(stderr, err)
		return exitError
	}
	defer tg.close()
	fmt.Fprintln(stdout, tg.banner)

	p := newProgress(stdout, isTerminal(stdout, env), time.Now)
	rg, err := watch(ctx, tg, cfg.timeout, p)
	if err != nil {
		reportError(stderr, err, cfg.timeout, p)
		return exitError
	}
	p.finish(rg)
	return exitCode(rg.Status)
}

// watch waits for the target's run group, reporting progress to p.
func watch(ctx context.Context, tg *target, timeout time.Duration, p *progress) (*industrydata.RunGroup, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	stop := p.tick()
	defer stop()
	return tg.client.RunGroups().ByID(tg.id).Wait(ctx,
		industrydata.WaitPollInterval(tg.minPoll, tg.maxPoll),
		industrydata.WaitOnChange(p.change),
	)
}

// reportError says why the wait ended without a terminal status.
func reportError(w io.Writer, err error, timeout time.Duration, p *progress) {
	p.clear()
	last := p.lastStatus()
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(w, "watch: timed out after %v; last status %s\n", timeout, last)
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(w, "watch: interrupted; last status %s\n", last)
	default:
		fmt.Fprintf(w, "watch: %v\n", err)
		describe(w, err)
	}
}
