package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// target is the client the report reads from, and the in-memory server behind it with
// -offline.
type target struct {
	client *industrydata.Client
	server *industrydatatest.Server // nil against Graph
	note   string                   // said on standard error before the report
}

func (t *target) close() {
	t.client.Close()
	if t.server != nil {
		t.server.Close()
	}
}

// credentialVars are the variables the Azure SDKs and CLI read for client credentials.
var credentialVars = []string{"AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"}

// connect builds a client for Graph from the environment, or with offline starts the
// in-memory server seeded with demo run groups relative to now.
func connect(env func(string) string, offline bool, now time.Time) (*target, error) {
	if offline {
		return startDemo(now)
	}
	var missing []string
	for _, name := range credentialVars {
		if env(name) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s not set: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or try -offline",
			strings.Join(missing, ", "))
	}
	opts := []industrydata.Option{
		industrydata.WithClientCredentials(env("AZURE_TENANT_ID"), env("AZURE_CLIENT_ID"), env("AZURE_CLIENT_SECRET")),
		industrydata.WithUserAgent("industrydata-report"),
	}
	if u := env("GRAPH_BASE_URL"); u != "" {
		opts = append(opts, industrydata.WithBaseURL(u))
	}
	if u := env("AZURE_AUTHORITY_HOST"); u != "" {
		opts = append(opts, industrydata.WithAuthorityHost(u))
	}
	c, err := industrydata.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("configuring the client from the environment: %w", err)
	}
	return &target{client: c}, nil
}

func startDemo(now time.Time) (*target, error) {
	srv := industrydatatest.NewServer()
	docs := demoRunGroups(now)
	if _, err := srv.SeedRunGroups(docs...); err != nil {
		srv.Close()
		return nil, fmt.Errorf("seeding the in-memory server: %w", err)
	}
	c, err := srv.Client() // a client configured for the server, with its client credentials
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("connecting to the in-memory server: %w", err)
	}
	note := fmt.Sprintf("using the in-memory Graph server at %s with %d demo run groups", srv.BaseURL(), len(docs))
	return &target{client: c, server: srv, note: note}, nil
}

// demoRunGroups is a day of mixed outcomes, plus one failure too old for the default
// window.
func demoRunGroups(now time.Time) []industrydatatest.Document {
	return []industrydatatest.Document{
		demoGroup(now, "Roster sync", "failed", 3*time.Hour, 1, 0, &blocking{
			code: "InvalidSourceData", message: "The run stopped: the source file is missing a required column.",
			details: []string{"MissingRequiredColumn"},
		}),
		demoGroup(now, "Staff directory", "completed", 4*time.Hour, 0, 0, nil),
		demoGroup(now, "Grades outbound", "completedWithErrors", 6*time.Hour, 2, 1, nil),
		demoGroup(now, "Timetable import", "running", 30*time.Minute, 0, 0, nil),
		demoGroup(now, "Attendance import", "completedWithWarnings", 10*time.Hour, 0, 2, nil),
		demoGroup(now, "Roster sync (last week)", "failed", 7*24*time.Hour, 1, 0, &blocking{
			code: "SourceUnavailable", message: "The SFTP server refused the connection.",
		}),
	}
}

type blocking struct {
	code, message string
	details       []string
}

// demoGroup is a run group document as Graph stores it, started ago before now.
func demoGroup(now time.Time, name, status string, ago time.Duration, errs, warnings int, be *blocking) industrydatatest.Document {
	start := now.Add(-ago).UTC().Truncate(time.Second)
	doc := industrydatatest.Document{
		"displayName":   name,
		"status":        status,
		"startDateTime": start.Format(time.RFC3339),
		"endDateTime":   nil,
	}
	if status == "running" {
		return doc
	}
	doc["endDateTime"] = start.Add(12 * time.Minute).Format(time.RFC3339)
	doc["statistics"] = map[string]any{
		"@odata.type":   "#microsoft.graph.runStatistics",
		"status":        status,
		"inboundTotals": map[string]any{"errors": errs, "warnings": warnings, "people": 1200, "groups": 85},
	}
	if be != nil {
		details := []any{}
		for _, code := range be.details {
			details = append(details, map[string]any{"code": code, "message": "See the errors-and-warnings file."})
		}
		doc["blockingError"] = map[string]any{
			"@odata.type": "#microsoft.graph.publicError",
			"code":        be.code, "message": be.message, "details": details,
		}
	}
	return doc
}
