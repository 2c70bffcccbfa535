package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go/industrydatatest"
)

// environment is a fake process environment.
type environment map[string]string

func (e environment) get(name string) string { return e[name] }

// graphEnv points the program at srv the way a user points it at Graph.
func graphEnv(srv *industrydatatest.Server) environment {
	cr := srv.Credentials()
	return environment{
		"AZURE_TENANT_ID":      cr.TenantID,
		"AZURE_CLIENT_ID":      cr.ClientID,
		"AZURE_CLIENT_SECRET":  cr.ClientSecret,
		"GRAPH_BASE_URL":       srv.BaseURL(),
		"AZURE_AUTHORITY_HOST": srv.URL(),
	}
}

// result is one run of the program.
type result struct {
	code           int
	stdout, stderr string
}

func runQuickstart(t *testing.T, env environment, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, env.get, &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func lines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }

var guid = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`

func TestWithoutCredentialsItRunsAgainstTheInMemoryServer(t *testing.T) {
	res := runQuickstart(t, environment{})

	require.Equal(t, exitOK, res.code, "stderr: %s", res.stderr)
	assert.Empty(t, res.stderr)
	out := lines(res.stdout)
	assert.Regexp(t, `^Using the in-memory Graph server at http://127\.0\.0\.1:\d+/beta \(no AZURE_\* credentials`, out[0])
	assert.Regexp(t, `^Created run group "Quickstart roster sync": status running, id `+guid+`\.$`, out[1])
	assert.Contains(t, res.stdout, `Added 2 runs ("roster inbound", "grades outbound") and 1 process ("Nightly roster sync").`)
	assert.Contains(t, res.stdout, "Running and started in the last 24 hours: Quickstart roster sync.")
	// 25 seeded run groups plus the created one, 10 per page, newest (the created one) first.
	assert.Contains(t, res.stdout, "  page 1: 10 run groups, Quickstart roster sync … ")
	assert.Contains(t, res.stdout, "(26 in all)")
	assert.Contains(t, res.stdout, "  page 2: 10 run groups, ")
	assert.Contains(t, res.stdout, "  page 3:  6 run groups, ")
	assert.NotContains(t, res.stdout, "page 4")
	assert.Regexp(t, `(?m)^ +0\.0s  running\n +\d+\.\ds  completedWithWarnings$`, res.stdout)
	assert.Contains(t, res.stdout, "Statistics: 0 errors, 2 warnings, ")
	assert.Regexp(t, `(?m)^  severity,code,message,target\n  warning,UnknownColumn,`, res.stdout)
	assert.Contains(t, res.stdout, `Renamed it; Graph now says "Quickstart roster sync (reviewed)".`)
	assert.Contains(t, res.stdout, "Deleted it; reading it again answers 404 ResourceNotFound.")
	assert.Regexp(t, `^done: 1 run group created \(2 runs, 1 process\), 26 listed over 3 pages, finished completedWithWarnings, renamed and deleted, in \d+\.\ds$`,
		out[len(out)-1])
}

func TestWithCredentialsItCallsTheConfiguredGraph(t *testing.T) {
	srv := industrydatatest.NewServerT(t, industrydatatest.WithLifecycle(industrydatatest.Lifecycle{Final: "failed"}))
	env := graphEnv(srv)

	res := runQuickstart(t, env)

	require.Equal(t, exitOK, res.code, "stderr: %s", res.stderr)
	assert.Equal(t, "Using Microsoft Graph at "+srv.BaseURL()+" as application "+env["AZURE_CLIENT_ID"]+".", lines(res.stdout)[0])
	assert.Contains(t, res.stdout, "Blocking error: InvalidSourceData: ")
	assert.Contains(t, res.stdout, "finished failed, renamed and deleted")
	assert.Equal(t, 1, srv.CreateCount("runGroups"))
	assert.Empty(t, srv.RunGroups(), "the run group it created is deleted")
	assert.Equal(t, 1, srv.TokenRequests(), "one token for the whole run")
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	assert.Contains(t, reqs[len(reqs)-1].Header.Get("User-Agent"), "industrydata-quickstart")
	var patches []string
	for _, r := range reqs {
		if r.Method == "PATCH" {
			patches = append(patches, string(r.Body))
		}
	}
	assert.Equal(t, []string{`{"displayName":"Quickstart roster sync (reviewed)"}`}, patches, "the update sends only what changed")
}

func TestAFailedCallPrintsGraphCodeAndRequestIDAndCleansUp(t *testing.T) {
	srv := industrydatatest.NewServerT(t, industrydatatest.WithLifecycle(industrydatatest.Lifecycle{}))
	srv.Fault(industrydatatest.Match{Method: "PATCH", Path: "/runGroups/*"}, industrydatatest.Always(), industrydatatest.Status(403))

	res := runQuickstart(t, graphEnv(srv))

	require.Equal(t, exitFailed, res.code)
	assert.NotContains(t, res.stdout, "done:")
	assert.Contains(t, res.stderr, "quickstart: update the run group: ")
	assert.Contains(t, res.stderr, "  Graph error code: Authorization_RequestDenied (HTTP 403)\n")
	assert.Regexp(t, `  request-id: +`+guid+`\n`, res.stderr)
	var patch *industrydatatest.RecordedRequest
	for _, r := range srv.Requests() {
		if r.Method == "PATCH" {
			patch = &r
		}
	}
	require.NotNil(t, patch)
	assert.Contains(t, res.stderr, "  client-request-id: "+patch.Header.Get("client-request-id")+"\n")
	assert.Empty(t, srv.RunGroups(), "the run group is deleted although a later step failed")
}

func TestRejectedCredentialsAreReported(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	env := graphEnv(srv)
	env["AZURE_CLIENT_SECRET"] = "not-the-secret"

	res := runQuickstart(t, env)

	require.Equal(t, exitFailed, res.code)
	assert.Contains(t, res.stderr, "  no access token: invalid_client (HTTP 401): AADSTS")
	assert.NotContains(t, res.stderr, "not-the-secret")
	assert.Empty(t, srv.RunGroups())
}

func TestPartialCredentialsAreAConfigurationError(t *testing.T) {
	res := runQuickstart(t, environment{"AZURE_TENANT_ID": "contoso.onmicrosoft.com", "AZURE_CLIENT_SECRET": "s3cret"})

	assert.Equal(t, exitConfig, res.code)
	assert.Empty(t, res.stdout, "nothing ran")
	assert.Equal(t, "quickstart: AZURE_TENANT_ID and AZURE_CLIENT_SECRET are set but AZURE_CLIENT_ID is not set: "+
		"set all three to call Microsoft Graph, or none to use the in-memory server\n", res.stderr)
	assert.NotContains(t, res.stderr, "s3cret")
}

func TestAnInvalidEndpointIsAConfigurationError(t *testing.T) {
	env := environment{"AZURE_TENANT_ID": "contoso.onmicrosoft.com", "AZURE_CLIENT_ID": "app", "AZURE_CLIENT_SECRET": "s",
		"GRAPH_BASE_URL": "http://graph.example.com/beta"}

	res := runQuickstart(t, env)

	assert.Equal(t, exitConfig, res.code)
	assert.Contains(t, res.stderr, "quickstart: configuring the client from the environment: ")
	assert.Contains(t, res.stderr, "WithBaseURL")
}

func TestOfflineFlagIgnoresCredentials(t *testing.T) {
	// An endpoint that cannot be reached: the run passes only if nothing is sent there.
	env := environment{"AZURE_TENANT_ID": "contoso.onmicrosoft.com", "AZURE_CLIENT_ID": "app", "AZURE_CLIENT_SECRET": "s",
		"GRAPH_BASE_URL": "https://graph.invalid/beta", "AZURE_AUTHORITY_HOST": "https://login.invalid"}

	res := runQuickstart(t, env, "-offline")

	require.Equal(t, exitOK, res.code, "stderr: %s", res.stderr)
	assert.Regexp(t, `^Using the in-memory Graph server at http://127\.0\.0\.1:\d+/beta \(-offline\)`, res.stdout)
}

func TestUnexpectedArgumentsAreRejected(t *testing.T) {
	for _, args := range [][]string{{"extra"}, {"-nope"}} {
		res := runQuickstart(t, environment{}, args...)
		assert.Equal(t, exitConfig, res.code, "%q", args)
		assert.Empty(t, res.stdout, "%q", args)
		assert.NotEmpty(t, res.stderr, "%q", args)
	}
}

func TestHeadWriterKeepsTheFirstLines(t *testing.T) {
	h := &headWriter{max: 2}
	for _, chunk := range []string{"a,b\r", "\nc", ",d\nlast", " line\n"} {
		n, err := h.Write([]byte(chunk))
		require.NoError(t, err)
		assert.Equal(t, len(chunk), n, "every byte is accepted so that the download runs to the end")
	}
	assert.Equal(t, []string{"a,b", "c,d"}, h.lines())
	assert.Nil(t, (&headWriter{max: 3}).lines())
}

func TestHistoryHasDistinctStartTimesNewestFirst(t *testing.T) {
	docs := history(mustTime(t, "2026-03-01T12:00:00Z"), 3)
	require.Len(t, docs, 3)
	assert.Equal(t, "2026-03-01T10:00:00Z", docs[0]["startDateTime"])
	assert.Equal(t, "2026-03-01T06:00:00Z", docs[2]["startDateTime"])
	assert.True(t, regexp.MustCompile(` #3$`).MatchString(docs[0]["displayName"].(string)))
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return tm
}
