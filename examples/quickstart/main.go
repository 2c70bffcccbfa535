// Quickstart walks through the whole industrydata API in a few seconds: it creates a run
// group, adds runs and a process, lists run groups with a filter and page by page, waits
// for the run group to finish, prints the start of its errors-and-warnings file, renames
// it and deletes it.
//
// Run it with nothing but Go:
//
//	go run ./examples/quickstart
//
// Without credentials in the environment it starts the in-memory Graph server of package
// industrydatatest on 127.0.0.1 and says so on its first line; nothing leaves the
// machine. With the variables the Azure tooling uses it calls Microsoft Graph as an
// application (client credentials):
//
//	AZURE_TENANT_ID      directory (tenant) ID or domain
//	AZURE_CLIENT_ID      application (client) ID
//	AZURE_CLIENT_SECRET  client secret
//	GRAPH_BASE_URL       optional, the Graph endpoint (default https://graph.microsoft.com/beta)
//	AZURE_AUTHORITY_HOST optional, the token authority (default https://login.microsoftonline.com)
//
// The -offline flag uses the in-memory server even when credentials are set. Against
// Graph the program creates one run group and deletes it again, also when a step fails.
//
// Exit status: 0 when every step succeeded; 1 when a call failed (the Graph error code
// and request-id are printed); 2 for a configuration error such as a partial set of
// credentials.
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

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitConfig = 2
)

// run is the whole program, with its environment passed in so that tests can run it
// against their own server; it returns the exit code.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	offline := fs.Bool("offline", false, "use the in-memory Graph server even when AZURE_* credentials are set")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitConfig
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "quickstart: unexpected argument %q; the program takes only -offline\n", fs.Arg(0))
		return exitConfig
	}

	start := time.Now()
	tg, err := connect(env, *offline)
	if err != nil {
		fmt.Fprintf(stderr, "quickstart: %v\n", err)
		return exitConfig
	}
	defer tg.close()
	fmt.Fprintln(stdout, tg.banner)

	t := newTour(tg, stdout)
	err = t.run(ctx)
	if cleanupErr := t.cleanup(ctx); cleanupErr != nil {
		fmt.Fprintf(stderr, "quickstart: could not delete the run group it created: %v\n", cleanupErr)
	}
	if err != nil {
		reportFailure(stderr, err)
		return exitFailed
	}
	fmt.Fprintln(stdout, t.summary(time.Since(start)))
	return exitOK
}
