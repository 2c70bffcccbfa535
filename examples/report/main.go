// Report lists the run groups of the last N hours that did not complete cleanly (failed,
// completedWithErrors, completedWithWarnings, or a status this program does not know)
// and writes them as CSV or JSON, with their blocking error and statistics, for a cron
// job or a pipeline that mails or archives the result:
//
//	go run ./examples/report -hours 24 -format csv -o failures.csv
//	go run ./examples/report -offline -format json
//
// Flags:
//
//	-hours N        how far back to look, by start time (default 24)
//	-format F       csv (default) or json
//	-o FILE         write the report to FILE instead of standard output
//	-offline        start the in-memory Graph server with a few demo run groups and
//	                report on those: no credentials, no network
//
// Each entry has the run group's id, displayName, status, startDateTime, endDateTime,
// the code, message and detail codes of its blockingError, and the errors, warnings and
// people of its statistics (empty, or null in JSON, when the run reported none).
// A summary line goes to standard error, so standard output carries only the report.
//
// Credentials come from the environment, as in the Azure tooling: AZURE_TENANT_ID,
// AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, with GRAPH_BASE_URL and AZURE_AUTHORITY_HOST
// to override the Graph endpoint and the token authority.
//
// Exit status: 0 when the report was written (whether or not it lists anything); 1 when
// a call or the write failed (the Graph error code and request-id are printed); 2 for a
// usage or configuration error.
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
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes; see the package documentation.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// config is what the command line asked for.
type config struct {
	hours   int
	format  string
	output  string // "" for standard output
	offline bool
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.hours, "hours", 24, "report run groups started in the last `N` hours")
	fs.StringVar(&cfg.format, "format", "csv", "report format: csv or json")
	fs.StringVar(&cfg.output, "o", "", "write the report to `FILE` instead of standard output")
	fs.BoolVar(&cfg.offline, "offline", false, "report on demo run groups of the in-memory Graph server")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, fmt.Errorf("invalid command line: %w", err)
	}
	switch {
	case fs.NArg() > 0:
		return cfg, fmt.Errorf("unexpected argument %q; name the output file with -o", fs.Arg(0))
	case cfg.hours <= 0:
		return cfg, fmt.Errorf("-hours %d must be positive", cfg.hours)
	case cfg.format != "csv" && cfg.format != "json":
		return cfg, fmt.Errorf("-format %q is not supported; use csv or json", cfg.format)
	}
	return cfg, nil
}

// run is the whole program, with its environment passed in so that tests can run it
// against their own server; it returns the exit status.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "report: %v\n", err)
		return exitUsage
	}
	tg, err := connect(env, cfg.offline, time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "report: %v\n", err)
		return exitUsage
	}
	defer tg.close()
	if tg.note != "" {
		fmt.Fprintf(stderr, "report: %s\n", tg.note)
	}

	now := time.Now().UTC()
	since := now.Add(-time.Duration(cfg.hours) * time.Hour).Truncate(time.Second)
	rows, err := notClean(ctx, tg.client, since)
	if err != nil {
		fmt.Fprintf(stderr, "report: listing run groups: %v\n", err)
		describe(stderr, err)
		return exitFailed
	}
	rep := report{GeneratedAt: now.Truncate(time.Second), Since: since, Hours: cfg.hours, RunGroups: rows}
	if err := write(rep, cfg, stdout); err != nil {
		fmt.Fprintf(stderr, "report: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(stderr, "report: %d run groups started since %s did not complete cleanly%s\n",
		len(rows), since.Format(time.RFC3339), where(cfg.output))
	return exitOK
}

func where(output string) string {
	if output == "" {
		return ""
	}
	return "; written to " + output
}
