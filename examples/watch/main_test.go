package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

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

func runWatch(ctx context.Context, t *testing.T, env environment, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, env.get, &stdout, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func lines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }

const (
	guid  = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
	stamp = `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`
)

func TestOfflineDemoExitsWithTheCodeOfItsFinalStatus(t *testing.T) {
	for _, tc := range []struct {
		final   string
		code    int
		outcome string
	}{
		{"", exitCompleted, `completed after \d+\.\ds: 0 errors, 0 warnings \(exit 0\)`},
		{"completedWithWarnings", exitWithWarnings, `completedWithWarnings after \d+\.\ds: 0 errors, 2 warnings \(exit 1\)`},
		{"completedWithErrors", exitFailed, `completedWithErrors after \d+\.\ds: 2 errors, 1 warning \(exit 2\)`},
		{"failed", exitFailed, `failed after \d+\.\ds: 1 error, 0 warnings \(exit 2\)`},
	} {
		t.Run(tc.final, func(t *testing.T) {
			args := []string{"-offline", "-demo-time", "0"}
			if tc.final != "" {
				args = append(args, "-demo-final", tc.final)
			}
			res := runWatch(context.Background(), t, environment{}, args...)

			require.Equal(t, tc.code, res.code, "stderr: %s", res.stderr)
			assert.Empty(t, res.stderr)
			out := lines(res.stdout)
			assert.Regexp(t, `^Watching demo run group `+guid+` on the in-memory Graph server at http://127\.0\.0\.1:\d+/beta;`, out[0])
			assert.Regexp(t, `^`+stamp+` +\d+\.\ds  `+strings.Split(tc.outcome, " ")[0]+`$`, out[1], "plain lines: output is not a terminal")
			assert.Regexp(t, `^"Nightly roster sync \(demo\)" `+tc.outcome+`$`, out[2])
		})
	}
}

func TestOfflineDemoReportsEachStatusChange(t *testing.T) {
	res := runWatch(context.Background(), t, environment{}, "-offline", "-demo-time", "300ms", "-demo-final", "failed")

	require.Equal(t, exitFailed, res.code, "stderr: %s", res.stderr)
	out := lines(res.stdout)
	require.Len(t, out, 5, res.stdout)
	assert.Regexp(t, `^`+stamp+` +0\.0s  running$`, out[1])
	assert.Regexp(t, `^`+stamp+` +\d+\.\ds  failed$`, out[2])
	assert.Regexp(t, `^blocking error: InvalidSourceData: `, out[4])
}

func TestWatchesARunGroupByIDFromTheEnvironment(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	ids, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": "Grades outbound", "status": "running"})
	require.NoError(t, err)
	require.NoError(t, srv.Finish(ids[0], "completedWithWarnings"))

	res := runWatch(context.Background(), t, graphEnv(srv), "-id", ids[0])

	require.Equal(t, exitWithWarnings, res.code, "stderr: %s", res.stderr)
	out := lines(res.stdout)
	assert.Equal(t, "Watching run group "+ids[0]+" on "+srv.BaseURL()+".", out[0])
	assert.Regexp(t, `^"Grades outbound" completedWithWarnings after \d+\.\ds: 0 errors, 2 warnings \(exit 1\)$`, out[len(out)-1])
	for _, r := range srv.Requests() {
		if r.Method != "POST" {
			assert.Equal(t, "GET", r.Method, "watching only reads")
		}
	}
}

func TestTimeoutExitsWithThree(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	ids, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": "Stuck", "status": "running"})
	require.NoError(t, err)

	res := runWatch(context.Background(), t, graphEnv(srv), "-id", ids[0], "-timeout", "150ms", "-interval", "20ms")

	assert.Equal(t, exitError, res.code)
	assert.Equal(t, "watch: timed out after 150ms; last status running\n", res.stderr)
}

func TestInterruptExitsWithThree(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	ids, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": "Stuck", "status": "running"})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	res := runWatch(ctx, t, graphEnv(srv), "-id", ids[0])

	assert.Equal(t, exitError, res.code)
	assert.Equal(t, "watch: interrupted; last status unknown (no poll answered)\n", res.stderr)
}

func TestAGraphErrorPrintsCodeAndRequestID(t *testing.T) {
	srv := industrydatatest.NewServerT(t)

	res := runWatch(context.Background(), t, graphEnv(srv), "-id", "no-such-group")

	assert.Equal(t, exitError, res.code)
	assert.Contains(t, res.stderr, "watch: industrydata: GET ")
	assert.Contains(t, res.stderr, "  Graph error code: ResourceNotFound (HTTP 404)\n")
	assert.Regexp(t, `  request-id: +`+guid+`\n`, res.stderr)
}

func TestMissingCredentialsAreNamed(t *testing.T) {
	res := runWatch(context.Background(), t, environment{"AZURE_CLIENT_ID": "app"}, "-id", "x")

	assert.Equal(t, exitError, res.code)
	assert.Equal(t, "watch: AZURE_TENANT_ID, AZURE_CLIENT_SECRET not set: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or try -offline\n",
		res.stderr)
}

func TestUsageErrorsExitWithThree(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "-id is required"},
		{[]string{"-id", "x", "-offline"}, "-id and -offline exclude each other"},
		{[]string{"-id", "x", "-demo-final", "failed"}, "apply only with -offline"},
		{[]string{"-id", "x", "-demo-time", "1s"}, "apply only with -offline"},
		{[]string{"-offline", "-demo-final", "running"}, `-demo-final "running" is not a terminal status`},
		{[]string{"-id", "x", "-interval", "0s"}, "-interval 0s must be positive"},
		{[]string{"-id", "x", "-timeout", "-1s"}, "-timeout -1s is negative"},
		{[]string{"-id", "x", "extra"}, `unexpected argument "extra"`},
		{[]string{"-nope"}, "invalid command line"},
	} {
		res := runWatch(context.Background(), t, environment{}, tc.args...)
		assert.Equal(t, exitError, res.code, "%q", tc.args)
		assert.Contains(t, res.stderr, tc.want, "%q", tc.args)
		assert.Empty(t, res.stdout, "%q", tc.args)
	}
}

func TestHelpExitsZero(t *testing.T) {
	res := runWatch(context.Background(), t, environment{}, "-h")
	assert.Equal(t, 0, res.code)
	assert.Contains(t, res.stderr, "exit status: 0 completed, 1 completedWithWarnings, 2 failed or completedWithErrors, 3 error or timeout")
}
