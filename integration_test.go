package industrydata_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// serverClient returns a client of srv that authenticates with client credentials
// against srv's token endpoint.
func serverClient(t *testing.T, srv *industrydatatest.Server, opts ...industrydata.Option) *industrydata.Client {
	t.Helper()
	cr := srv.Credentials()
	opts = append([]industrydata.Option{
		industrydata.WithBaseURL(srv.BaseURL()),
		industrydata.WithAuthorityHost(srv.URL()),
		industrydata.WithClientCredentials(cr.TenantID, cr.ClientID, cr.ClientSecret),
		industrydata.WithRetry(industrydata.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond}),
	}, opts...)
	c, err := industrydata.NewClient(opts...)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

func TestEverySeedMethodAgainstTheServer(t *testing.T) {
	for _, patchReturnsEntity := range []bool{false, true} {
		t.Run(fmt.Sprintf("patchReturnsEntity=%v", patchReturnsEntity), func(t *testing.T) {
			srv := industrydatatest.NewServerT(t, industrydatatest.WithPatchReturnsEntity(patchReturnsEntity))
			c := serverClient(t, srv)
			ctx := context.Background()

			// Create runGroup.
			g, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{
				DisplayName: "Nightly SIS sync", StartDateTime: time.Date(2026, 11, 29, 2, 0, 0, 123456700, time.UTC)}})
			require.NoError(t, err)
			require.NotEmpty(t, g.ID)
			assert.Equal(t, "Nightly SIS sync", g.DisplayName)
			assert.Equal(t, 1, srv.CreateCount("runGroups"))

			// Get runGroup, with $select.
			item := c.RunGroups().ByID(g.ID)
			got, err := item.Select("id", "displayName").Get(ctx)
			require.NoError(t, err)
			assert.Equal(t, g.ID, got.ID)
			assert.False(t, got.Has("status"), "$select applied by the server")

			// Update runGroup: change one property, clear another, keep an unknown one.
			full, err := item.Get(ctx)
			require.NoError(t, err)
			full.DisplayName = "Renamed"
			full.StartDateTime = time.Time{}
			require.NoError(t, item.Update(ctx, full))
			stored, ok := srv.RunGroup(g.ID)
			require.True(t, ok)
			assert.Equal(t, "Renamed", stored["displayName"])
			assert.Nil(t, stored["startDateTime"])
			last := srv.Requests()[len(srv.Requests())-1]
			assert.Equal(t, "PATCH", last.Method)
			assert.JSONEq(t, `{"displayName":"Renamed","startDateTime":null}`, string(last.Body))

			// Create run, list runs.
			r, err := item.Runs().Create(ctx, &industrydata.Run{DisplayName: "roster inbound"})
			require.NoError(t, err)
			var runs []string
			for run, err := range item.Runs().List().All(ctx) {
				require.NoError(t, err)
				runs = append(runs, run.ID)
			}
			assert.Equal(t, []string{r.ID}, runs)

			// Add process, list process.
			p, err := item.Process().Add(ctx, &industrydata.Process{DisplayName: "Roster import", ReadinessStatus: industrydata.ReadinessStatusReady})
			require.NoError(t, err)
			var procs []*industrydata.Process
			for pr, err := range item.Process().List().All(ctx) {
				require.NoError(t, err)
				procs = append(procs, pr)
			}
			require.Len(t, procs, 1)
			assert.Equal(t, p.ID, procs[0].ID)
			assert.Equal(t, industrydata.ReadinessStatusReady, procs[0].ReadinessStatus)

			// getErrorsAndWarningsFile and its download, without the Graph token.
			require.NoError(t, srv.SetErrorsAndWarningsFile(g.ID, []byte("severity,code\nwarning,W1\n")))
			link, err := item.ErrorsAndWarningsFile(ctx)
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(link, srv.FileHostURL()))
			var buf bytes.Buffer
			n, err := item.DownloadErrorsAndWarningsFile(ctx, &buf)
			require.NoError(t, err)
			assert.EqualValues(t, buf.Len(), n)
			assert.Equal(t, "severity,code\nwarning,W1\n", buf.String())
			for _, fr := range srv.FileRequests() {
				assert.Empty(t, fr.Header.Get("Authorization"), "the token never reaches the file host")
			}

			// List runGroups.
			var ids []string
			for rg, err := range c.RunGroups().List().All(ctx) {
				require.NoError(t, err)
				ids = append(ids, rg.ID)
			}
			assert.Equal(t, []string{g.ID}, ids)

			// Delete runGroup, then it is gone.
			require.NoError(t, item.Delete(ctx))
			_, err = item.Get(ctx)
			require.ErrorIs(t, err, industrydata.ErrNotFound)
			var ge *industrydata.Error
			require.True(t, errors.As(err, &ge))
			assert.NotEmpty(t, ge.RequestID)
			assert.NotEmpty(t, ge.Code)
		})
	}
}

func TestServerErrorPaths(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	c := serverClient(t, srv)
	ctx := context.Background()

	_, err := c.RunGroups().ByID("does-not-exist").Get(ctx)
	require.ErrorIs(t, err, industrydata.ErrNotFound)
	require.ErrorIs(t, c.RunGroups().ByID("does-not-exist").Delete(ctx), industrydata.ErrNotFound)
	_, err = c.RunGroups().ByID("does-not-exist").Runs().Create(ctx, &industrydata.Run{DisplayName: "x"})
	require.ErrorIs(t, err, industrydata.ErrNotFound)

	// A filter the server cannot evaluate is a 400 with Graph's message.
	_, err = c.RunGroups().List().Filter(industrydata.RawFilter("status eq")).Page(ctx)
	var ge *industrydata.Error
	require.True(t, errors.As(err, &ge), "%v", err)
	assert.Equal(t, 400, ge.StatusCode)
	assert.NotEmpty(t, ge.Message)

	// A wrong secret fails with the identity platform's error, and never leaks the secret.
	cr := srv.Credentials()
	bad, err := industrydata.NewClient(industrydata.WithBaseURL(srv.BaseURL()), industrydata.WithAuthorityHost(srv.URL()),
		industrydata.WithClientCredentials(cr.TenantID, cr.ClientID, "wrong-secret-value"))
	require.NoError(t, err)
	_, err = bad.RunGroups().List().Page(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "invalid_client")
	assert.NotContains(t, err.Error(), "wrong-secret-value")

	// No credentials at all: 401 InvalidAuthenticationToken.
	anon, err := industrydata.NewClient(industrydata.WithBaseURL(srv.BaseURL()), industrydata.WithStaticToken("not-a-token"))
	require.NoError(t, err)
	_, err = anon.RunGroups().List().Page(ctx)
	require.ErrorIs(t, err, industrydata.ErrUnauthorized)
	require.True(t, errors.As(err, &ge))
	assert.Equal(t, "InvalidAuthenticationToken", ge.Code)
}

func TestFilterInjectionMatchesNothing(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	_, err := srv.SeedRunGroups(
		industrydatatest.Document{"displayName": "x", "status": "failed"},
		industrydatatest.Document{"displayName": "y", "status": "completed"},
		industrydatatest.Document{"displayName": "O'Brien", "status": "completed"},
	)
	require.NoError(t, err)
	c := serverClient(t, srv)
	ctx := context.Background()
	count := func(f industrydata.Filter) int {
		n := 0
		for _, err := range c.RunGroups().List().Filter(f).All(ctx) {
			require.NoError(t, err)
			n++
		}
		return n
	}
	assert.Equal(t, 0, count(industrydata.Eq("displayName", "x' or 1 eq 1 or displayName eq 'y")))
	assert.Equal(t, 1, count(industrydata.Eq("displayName", "O'Brien")))
	assert.Equal(t, 2, count(industrydata.And(industrydata.In("status", industrydata.RunStatusFailed, "completed"), industrydata.Ne("displayName", "O'Brien"))))
	assert.Equal(t, 1, count(industrydata.Or(industrydata.StartsWith("displayName", "O'"), industrydata.Not(industrydata.Ne("displayName", "O'Brien")))))
}

func TestPagingAgainstTheServer(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	docs := make([]industrydatatest.Document, 2345)
	for i := range docs {
		docs[i] = industrydatatest.Document{"displayName": fmt.Sprintf("g%05d", i), "status": "completed",
			"startDateTime": time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC).Format(time.RFC3339)}
	}
	_, err := srv.SeedRunGroups(docs...)
	require.NoError(t, err)
	c := serverClient(t, srv)
	ctx := context.Background()

	var names []string
	for rg, err := range c.RunGroups().List().OrderBy("displayName").PageSize(100).Header("ConsistencyLevel", "eventual").All(ctx) {
		require.NoError(t, err)
		names = append(names, rg.DisplayName)
	}
	require.Len(t, names, 2345)
	for i, n := range names {
		require.Equal(t, fmt.Sprintf("g%05d", i), n)
	}
	pages := 0
	for _, r := range srv.Requests() {
		if r.Method != "GET" {
			continue // the token request
		}
		pages++
		assert.Equal(t, "eventual", r.Header.Get("ConsistencyLevel"), "custom headers on every page")
		assert.Contains(t, r.Header.Get("Prefer"), "odata.maxpagesize=100", "page size on every page")
	}
	assert.Equal(t, 24, pages)

	n := 0
	for _, err := range c.RunGroups().List().Top(50).All(ctx) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 50, n)

	p, err := c.RunGroups().List().Filter(industrydata.Ge("startDateTime", time.Date(2026, 1, 1, 0, 30, 0, 0, time.UTC))).Count().Page(ctx)
	require.NoError(t, err)
	total, ok := p.Count()
	require.True(t, ok)
	assert.EqualValues(t, 2345-1800, total)
}
