package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// target is where the tour's calls go: Microsoft Graph, or an in-memory server.
type target struct {
	client *industrydata.Client
	server *industrydatatest.Server // nil against Graph
	banner string                   // the program's first line
	// minPoll and maxPoll bound the interval between polls while waiting.
	minPoll, maxPoll time.Duration
}

func (t *target) close() {
	t.client.Close()
	if t.server != nil {
		t.server.Close()
	}
}

// credentialVars are the variables the Azure SDKs and CLI read for client credentials.
var credentialVars = []string{"AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"}

// connect builds a client for Graph when the environment holds credentials and
// offline is false, and starts an in-memory server otherwise.
func connect(env func(string) string, offline bool) (*target, error) {
	var set, missing []string
	for _, name := range credentialVars {
		if env(name) != "" {
			set = append(set, name)
		} else {
			missing = append(missing, name)
		}
	}
	switch {
	case offline || len(set) == 0:
		return startOffline(offline)
	case len(missing) > 0:
		return nil, fmt.Errorf("%s but %s: set all three to call Microsoft Graph, or none to use the in-memory server",
			areSet(set, "set"), areSet(missing, "not set"))
	}
	opts := []industrydata.Option{
		industrydata.WithClientCredentials(env("AZURE_TENANT_ID"), env("AZURE_CLIENT_ID"), env("AZURE_CLIENT_SECRET")),
		industrydata.WithUserAgent("industrydata-quickstart"),
	}
	endpoint := "https://graph.microsoft.com/beta"
	if u := env("GRAPH_BASE_URL"); u != "" {
		endpoint = u
		opts = append(opts, industrydata.WithBaseURL(u))
	}
	if u := env("AZURE_AUTHORITY_HOST"); u != "" {
		opts = append(opts, industrydata.WithAuthorityHost(u))
	}
	c, err := industrydata.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("configuring the client from the environment: %w", err)
	}
	return &target{
		client:  c,
		banner:  fmt.Sprintf("Using Microsoft Graph at %s as application %s.", endpoint, env("AZURE_CLIENT_ID")),
		minPoll: 2 * time.Second,
		maxPoll: 30 * time.Second,
	}, nil
}

// areSet says "A is set" or "A and B are set".
func areSet(names []string, what string) string {
	verb := " is "
	if len(names) > 1 {
		verb = " are "
	}
	return strings.Join(names, " and ") + verb + what
}

// startOffline starts the in-memory server, seeds it with finished run groups to list,
// and returns a client for it. Created run groups finish with warnings after two polls,
// so that waiting and the errors-and-warnings file have something to show.
func startOffline(forced bool) (*target, error) {
	srv := industrydatatest.NewServer(industrydatatest.WithLifecycle(industrydatatest.Lifecycle{
		Polls: 2, Final: string(industrydata.RunStatusCompletedWithWarnings),
	}))
	if _, err := srv.SeedRunGroups(history(time.Now(), 25)...); err != nil {
		srv.Close()
		return nil, fmt.Errorf("seeding the in-memory server: %w", err)
	}
	c, err := srv.Client() // a client configured for the server, with its client credentials
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("connecting to the in-memory server: %w", err)
	}
	why := "no AZURE_* credentials in the environment"
	if forced {
		why = "-offline"
	}
	return &target{
		client:  c,
		server:  srv,
		banner:  fmt.Sprintf("Using the in-memory Graph server at %s (%s): nothing leaves this machine.", srv.BaseURL(), why),
		minPoll: 100 * time.Millisecond,
		maxPoll: 500 * time.Millisecond,
	}, nil
}

// history returns n finished run groups, one every two hours before now, so that listing
// has several pages to show.
func history(now time.Time, n int) []industrydatatest.Document {
	names := []string{"Roster sync", "Grades outbound", "Attendance import", "Staff directory", "Timetable import"}
	statuses := []industrydata.RunStatus{
		industrydata.RunStatusCompleted, industrydata.RunStatusCompleted, industrydata.RunStatusCompletedWithWarnings,
		industrydata.RunStatusCompleted, industrydata.RunStatusFailed,
	}
	docs := make([]industrydatatest.Document, n)
	for i := range docs {
		start := now.Add(-time.Duration(i+1) * 2 * time.Hour).UTC()
		docs[i] = industrydatatest.Document{
			"displayName":   fmt.Sprintf("%s #%d", names[i%len(names)], n-i),
			"status":        string(statuses[i%len(statuses)]),
			"startDateTime": start.Format(time.RFC3339),
			"endDateTime":   start.Add(17 * time.Minute).Format(time.RFC3339),
		}
	}
	return docs
}
