package industrydata_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// The whole flow, runnable as is: it talks to the in-memory Graph server of package
// industrydatatest. To call Microsoft Graph, drop the server and the two options that
// point at it, and pass your tenant, client ID and secret.
func Example() {
	ctx := context.Background()
	srv := industrydatatest.NewServer() // an in-memory Graph on 127.0.0.1
	defer srv.Close()
	cr := srv.Credentials()

	c, err := industrydata.NewClient(
		industrydata.WithClientCredentials(cr.TenantID, cr.ClientID, cr.ClientSecret),
		industrydata.WithBaseURL(srv.BaseURL()), industrydata.WithAuthorityHost(srv.URL()), // omit both for Graph
	)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	rg, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "Nightly roster sync"}})
	if err != nil {
		log.Fatal(err)
	}
	rg, err = c.RunGroups().ByID(rg.ID).Wait(ctx, industrydata.WaitPollInterval(10*time.Millisecond, time.Second))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rg.DisplayName, rg.Status)

	for g, err := range c.RunGroups().List().Filter(industrydata.Ne("status", industrydata.RunStatusRunning)).All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("finished:", g.DisplayName)
	}
	// Output:
	// Nightly roster sync completed
	// finished: Nightly roster sync
}

// Create one client per application and share it. Credentials usually come from the
// environment, under the names the Azure tooling uses.
func ExampleNewClient() {
	c, err := industrydata.NewClient(
		industrydata.WithClientCredentials(os.Getenv("AZURE_TENANT_ID"), os.Getenv("AZURE_CLIENT_ID"), os.Getenv("AZURE_CLIENT_SECRET")),
		industrydata.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	)
	if err != nil {
		log.Fatal(err) // names the option that was wrong, such as an empty tenant ID
	}
	defer c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rg, err := c.RunGroups().ByID("5f0c7f5e-2f3e-4d3b-9a4c-0c2f6b1e8d21").Get(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rg.DisplayName, rg.Status)
}

// NewClient checks every option before any request is made, and reports each one that
// is wrong.
func ExampleNewClient_invalidOptions() {
	_, err := industrydata.NewClient(
		industrydata.WithClientCredentials("contoso.onmicrosoft.com", "app-id", "secret"),
		industrydata.WithBaseURL("http://graph.contoso.com/beta"),
		industrydata.WithCloud("germany"),
	)
	fmt.Println(err)
	// Output:
	// industrydata: WithBaseURL: "http://graph.contoso.com/beta" uses plain http to a host that is not loopback; use https
	// industrydata: WithCloud: unknown cloud "germany" (want "global", "usgov", "usgov-dod" or "china")
}

// List with a filter: the filter runs on Graph, its values are quoted for you, and All
// follows the pages while the loop runs.
func ExampleQuery_All() {
	srv, c := exampleServer()
	defer srv.Close()
	defer c.Close()
	ctx := context.Background()

	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	q := c.RunGroups().List().
		Filter(industrydata.And(
			industrydata.In("status", industrydata.RunStatusFailed, industrydata.RunStatusCompletedWithErrors),
			industrydata.Ge("startDateTime", since),
		)).
		Select("displayName", "status", "startDateTime").
		OrderBy("startDateTime desc")
	for rg, err := range q.All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(rg.StartDateTime.Format(time.DateTime), rg.Status, rg.DisplayName)
	}
	// Output:
	// 2026-03-03 02:00:00 completedWithErrors Grades outbound
	// 2026-03-01 02:00:00 failed Roster sync
}

// Page by page: each page carries its items, the total when Count asked for it, and the
// link to the next page, which can be saved and resumed later with Resume.
func ExampleQuery_Pages() {
	srv, c := exampleServer()
	defer srv.Close()
	defer c.Close()
	ctx := context.Background()

	q := c.RunGroups().List().Select("displayName").OrderBy("startDateTime").PageSize(2).Count()
	n := 0
	for page, err := range q.Pages(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		n++
		total, _ := page.Count()
		fmt.Printf("page %d of %d run groups:", n, total)
		for _, rg := range page.Items {
			fmt.Printf(" %q", rg.DisplayName)
		}
		fmt.Println(", more:", page.NextLink != "")
	}
	// Output:
	// page 1 of 5 run groups: "Roster sync (February)" "Roster sync", more: true
	// page 2 of 5 run groups: "Attendance import" "Grades outbound", more: true
	// page 3 of 5 run groups: "Staff directory", more: false
}

// Wait polls until the run group reaches a terminal status; WaitOnChange reports each status
// change, and the context bounds the whole wait.
func ExampleRunGroupItem_Wait() {
	srv := industrydatatest.NewServer(industrydatatest.WithLifecycle(industrydatatest.Lifecycle{
		Polls: 2, Final: "completedWithWarnings", // stands in for a run that takes a while
	}))
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()

	created, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "Roster sync"}})
	if err != nil {
		log.Fatal(err)
	}
	rg, err := c.RunGroups().ByID(created.ID).Wait(ctx,
		industrydata.WaitPollInterval(10*time.Millisecond, time.Minute), // against Graph, seconds
		industrydata.WaitOnChange(func(rg *industrydata.RunGroup) { fmt.Println("status:", rg.Status) }),
	)
	if err != nil {
		log.Fatal(err) // wraps context.DeadlineExceeded when the hour passed first
	}
	stats, err := rg.Statistics.Known()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("warnings:", stats.InboundTotals.Warnings, "finished:", !rg.EndDateTime.IsZero())
	// Output:
	// status: running
	// status: completedWithWarnings
	// warnings: 2 finished: true
}

// Every failed call returns an error from which errors.As extracts the *Error: the HTTP
// status, Graph's code and message, and the request ids Microsoft support asks for.
// errors.Is matches it against the sentinels.
func ExampleError() {
	srv, c := exampleServer()
	defer srv.Close()
	defer c.Close()

	_, err := c.RunGroups().ByID("no-such-run-group").Get(context.Background())

	var gerr *industrydata.Error
	if errors.As(err, &gerr) {
		fmt.Println(gerr.StatusCode, gerr.Code)
		fmt.Println("request-id present:", gerr.RequestID != "") // log it: support needs it
	}
	fmt.Println("not found:", errors.Is(err, industrydata.ErrNotFound))
	fmt.Println("throttled:", errors.Is(err, industrydata.ErrThrottled))
	// Output:
	// 404 ResourceNotFound
	// request-id present: true
	// not found: true
	// throttled: false
}

// Test your own code against the in-memory server instead of mocks: seed the state the
// test needs, run the code, and check what it returns and what it sent. In a test, use
// industrydatatest.NewServerT(t), which closes the server when the test ends.
func Example_testing() {
	// Code of your own, under test: the names of the run groups that failed since a time.
	failedSince := func(ctx context.Context, c *industrydata.Client, since time.Time) ([]string, error) {
		var names []string
		q := c.RunGroups().List().Filter(industrydata.And(
			industrydata.Eq("status", industrydata.RunStatusFailed),
			industrydata.Ge("startDateTime", since),
		))
		for rg, err := range q.All(ctx) {
			if err != nil {
				return nil, err
			}
			names = append(names, rg.DisplayName)
		}
		return names, nil
	}

	srv := industrydatatest.NewServer()
	defer srv.Close()
	if _, err := srv.SeedRunGroups(
		industrydatatest.Document{"displayName": "Roster sync", "status": "failed", "startDateTime": "2026-03-02T02:00:00Z"},
		industrydatatest.Document{"displayName": "Grades outbound", "status": "completed", "startDateTime": "2026-03-02T03:00:00Z"},
		industrydatatest.Document{"displayName": "Old roster sync", "status": "failed", "startDateTime": "2026-02-01T02:00:00Z"},
	); err != nil {
		log.Fatal(err)
	}
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	names, err := failedSince(context.Background(), c, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(names, err)
	// The server recorded what the code sent, for assertions on the request itself.
	last := srv.Requests()[len(srv.Requests())-1]
	fmt.Println(last.Method, last.Path)
	// Output:
	// [Roster sync] <nil>
	// GET /beta/industryData/runGroups
}

// exampleServer starts an in-memory Graph holding five run groups and returns it with a
// client for it.
func exampleServer() (*industrydatatest.Server, *industrydata.Client) {
	srv := industrydatatest.NewServer()
	_, err := srv.SeedRunGroups(
		industrydatatest.Document{"displayName": "Roster sync (February)", "status": "failed", "startDateTime": "2026-02-27T02:00:00Z"},
		industrydatatest.Document{"displayName": "Roster sync", "status": "failed", "startDateTime": "2026-03-01T02:00:00Z"},
		industrydatatest.Document{"displayName": "Attendance import", "status": "completed", "startDateTime": "2026-03-02T02:00:00Z"},
		industrydatatest.Document{"displayName": "Grades outbound", "status": "completedWithErrors", "startDateTime": "2026-03-03T02:00:00Z"},
		industrydatatest.Document{"displayName": "Staff directory", "status": "running", "startDateTime": "2026-03-04T02:00:00Z"},
	)
	if err != nil {
		log.Fatal(err)
	}
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	return srv, c
}
