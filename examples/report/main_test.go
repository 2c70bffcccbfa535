package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go/industrydatatest"
)

type environment map[string]string

func (e environment) get(name string) string { return e[name] }

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

type result struct {
	code           int
	stdout, stderr string
}

func runReport(t *testing.T, env environment, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, env.get, &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	require.Equal(t, csvHeader, recs[0])
	return recs[1:]
}

// column returns the named column of each record.
func column(recs [][]string, name string) []string {
	i := map[string]int{}
	for n, h := range csvHeader {
		i[h] = n
	}
	var out []string
	for _, r := range recs {
		out = append(out, r[i[name]])
	}
	return out
}

func TestOfflineCSVListsTheLastDaysUncleanRunGroupsNewestFirst(t *testing.T) {
	res := runReport(t, environment{}, "-offline")

	require.Equal(t, exitOK, res.code, "stderr: %s", res.stderr)
	recs := readCSV(t, res.stdout)
	assert.Equal(t, []string{"Roster sync", "Grades outbound", "Attendance import"}, column(recs, "displayName"),
		"completed, running and week-old run groups are left out")
	assert.Equal(t, []string{"failed", "completedWithErrors", "completedWithWarnings"}, column(recs, "status"))
	assert.Equal(t, []string{"InvalidSourceData", "", ""}, column(recs, "blockingErrorCode"))
	assert.Equal(t, []string{"MissingRequiredColumn", "", ""}, column(recs, "blockingErrorDetailCodes"))
	assert.Equal(t, []string{"1", "2", "0"}, column(recs, "errors"))
	assert.Equal(t, []string{"0", "1", "2"}, column(recs, "warnings"))
	for _, s := range column(recs, "startDateTime") {
		start, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		assert.WithinDuration(t, time.Now(), start, 24*time.Hour)
	}
	assert.Regexp(t, `^report: using the in-memory Graph server at http://127\.0\.0\.1:\d+/beta with 6 demo run groups\n`+
		`report: 3 run groups started since \S+ did not complete cleanly\n$`, res.stderr)
}

func TestOfflineJSONWithALongerWindow(t *testing.T) {
	res := runReport(t, environment{}, "-offline", "-format", "json", "-hours", "200")

	require.Equal(t, exitOK, res.code, "stderr: %s", res.stderr)
	var rep struct {
		GeneratedAt time.Time `json:"generatedAt"`
		Since       time.Time `json:"since"`
		Hours       int       `json:"hours"`
		RunGroups   []struct {
			ID                       string     `json:"id"`
			DisplayName              string     `json:"displayName"`
			Status                   string     `json:"status"`
			EndDateTime              *time.Time `json:"endDateTime"`
			BlockingErrorCode        string     `json:"blockingErrorCode"`
			BlockingErrorMessage     string     `json:"blockingErrorMessage"`
			BlockingErrorDetailCodes []string   `json:"blockingErrorDetailCodes"`
			Errors                   *int       `json:"errors"`
			Warnings                 *int       `json:"warnings"`
		} `json:"runGroups"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep))
	assert.Equal(t, 200, rep.Hours)
	assert.Equal(t, 200*time.Hour, rep.GeneratedAt.Sub(rep.Since))
	require.Len(t, rep.RunGroups, 4)
	last := rep.RunGroups[3]
	assert.Equal(t, "Roster sync (last week)", last.DisplayName)
	assert.Equal(t, "SourceUnavailable", last.BlockingErrorCode)
	assert.Equal(t, "The SFTP server refused the connection.", last.BlockingErrorMessage)
	assert.Empty(t, last.BlockingErrorDetailCodes)
	require.NotNil(t, last.EndDateTime)
	require.NotNil(t, last.Errors)
	assert.Equal(t, 1, *last.Errors)
	for _, g := range rep.RunGroups {
		assert.NotEmpty(t, g.ID)
	}
}

func TestOutputFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "failures.csv")

	res := runReport(t, environment{}, "-offline", "-o", path)

	require.Equal(t, exitOK, res.code, "stderr: %s", res.stderr)
	assert.Empty(t, res.stdout)
	assert.Contains(t, res.stderr, "did not complete cleanly; written to "+path+"\n")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Len(t, readCSV(t, string(data)), 3)
}

func TestAgainstGraphTheFilterRunsOnTheServer(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	now := time.Now().UTC()
	at := func(ago time.Duration) string { return now.Add(-ago).Format(time.RFC3339) }
	_, err := srv.SeedRunGroups(
		industrydatatest.Document{"displayName": "new status", "status": "pausedForReview", "startDateTime": at(time.Hour)},
		industrydatatest.Document{"displayName": "odd statistics", "status": "failed", "startDateTime": at(2 * time.Hour),
			"endDateTime": at(time.Hour), "statistics": map[string]any{"inboundTotals": "not an object"}},
		industrydatatest.Document{"displayName": "clean", "status": "completed", "startDateTime": at(3 * time.Hour)},
		industrydatatest.Document{"displayName": "busy", "status": "running", "startDateTime": at(4 * time.Hour)},
		industrydatatest.Document{"displayName": "too old", "status": "failed", "startDateTime": at(5 * time.Hour)},
	)
	require.NoError(t, err)

	res := runReport(t, graphEnv(srv), "-hours", "4")

	require.Equal(t, exitOK, res.code, "stderr: %s", res.stderr)
	recs := readCSV(t, res.stdout)
	assert.Equal(t, []string{"new status", "odd statistics"}, column(recs, "displayName"),
		"a status the program does not know is reported, not dropped")
	assert.Equal(t, []string{"pausedForReview", "failed"}, column(recs, "status"))
	assert.Equal(t, []string{"", ""}, column(recs, "errors"), "statistics in an unknown shape leave the counts empty")
	assert.Equal(t, []string{"", at(time.Hour)}, column(recs, "endDateTime"))

	var list *industrydatatest.RecordedRequest
	for _, r := range srv.Requests() {
		if r.Method == "GET" {
			list = &r
		}
	}
	require.NotNil(t, list)
	q, err := url.ParseQuery(list.RawQuery)
	require.NoError(t, err)
	assert.Regexp(t, `^startDateTime ge \S+Z and status ne 'completed' and status ne 'running'$`, q.Get("$filter"))
	assert.Equal(t, "startDateTime desc", q.Get("$orderby"))
}

func TestAGraphErrorPrintsCodeAndRequestID(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	srv.Fault(industrydatatest.Match{Method: "GET", Path: "/runGroups"}, industrydatatest.Always(), industrydatatest.Status(403))

	res := runReport(t, graphEnv(srv))

	assert.Equal(t, exitFailed, res.code)
	assert.Empty(t, res.stdout, "no partial report")
	assert.Contains(t, res.stderr, "report: listing run groups: ")
	assert.Contains(t, res.stderr, "  Graph error code: Authorization_RequestDenied (HTTP 403)\n")
	assert.Regexp(t, `  request-id: +[0-9a-f-]{36}\n`, res.stderr)
}

func TestAnUnwritableOutputFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing-dir", "r.csv")

	res := runReport(t, environment{}, "-offline", "-o", path)

	assert.Equal(t, exitFailed, res.code)
	assert.Contains(t, res.stderr, "report: writing the report: ")
}

func TestUsageAndConfigurationErrors(t *testing.T) {
	for _, tc := range []struct {
		env  environment
		args []string
		want string
	}{
		{environment{}, nil, "AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET not set"},
		{environment{}, []string{"-offline", "-hours", "0"}, "-hours 0 must be positive"},
		{environment{}, []string{"-offline", "-format", "xml"}, `-format "xml" is not supported; use csv or json`},
		{environment{}, []string{"-offline", "out.csv"}, `unexpected argument "out.csv"; name the output file with -o`},
		{environment{}, []string{"-hours", "x"}, "invalid command line"},
	} {
		res := runReport(t, tc.env, tc.args...)
		assert.Equal(t, exitUsage, res.code, "%q", tc.args)
		assert.Contains(t, res.stderr, tc.want, "%q", tc.args)
		assert.Empty(t, res.stdout, "%q", tc.args)
	}
}
