package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// target is the run group to watch and the client that reaches it.
type target struct {
	client           *industrydata.Client
	server           *industrydatatest.Server // nil against Graph
	id               string
	banner           string
	minPoll, maxPoll time.Duration
}

func (t *target) close() {
	t.client.Close()
	if t.server != nil {
		t.server.Close()
	}
}

// firstPoll is the pause after the first poll; later ones grow to -interval.
const firstPoll = 2 * time.Second

// credentialVars are the variables the Azure SDKs and CLI read for client credentials.
var credentialVars = []string{"AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"}

// connect builds a client for Graph from the environment, or with -offline starts the
// in-memory server and creates the demo run group.
func connect(ctx context.Context, env func(string) string, cfg config) (*target, error) {
	if cfg.offline {
		return startDemo(ctx, cfg.final, cfg.demoTime)
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
		industrydata.WithUserAgent("industrydata-watch"),
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
		id:      cfg.id,
		banner:  fmt.Sprintf("Watching run group %s on %s.", cfg.id, endpoint),
		minPoll: min(firstPoll, cfg.interval),
		maxPoll: cfg.interval,
	}, nil
}

// startDemo starts the in-memory server and creates a run group in it that runs for
// runFor and then ends with final.
func startDemo(ctx context.Context, final industrydata.RunStatus, runFor time.Duration) (*target, error) {
	srv := industrydatatest.NewServer(industrydatatest.WithLifecycle(industrydatatest.Lifecycle{
		After: runFor, Final: string(final),
	}))
	c, err := srv.Client() // a client configured for the server, with its client credentials
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("connecting to the in-memory server: %w", err)
	}
	rg, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "Nightly roster sync (demo)"}})
	if err != nil {
		c.Close()
		srv.Close()
		return nil, fmt.Errorf("creating the demo run group: %w", err)
	}
	return &target{
		client: c,
		server: srv,
		id:     rg.ID,
		banner: fmt.Sprintf("Watching demo run group %s on the in-memory Graph server at %s; it ends %s after %v.",
			rg.ID, srv.BaseURL(), final, runFor),
		minPoll: 100 * time.Millisecond,
		maxPoll: 250 * time.Millisecond,
	}, nil
}
