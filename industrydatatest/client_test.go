package industrydatatest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

func TestClientHelperAuthenticatesOnceAndKeepsTokenOffTheFileHost(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	ids, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": "x", "status": "failed"})
	require.NoError(t, err)
	c, err := srv.Client()
	require.NoError(t, err)
	t.Cleanup(c.Close)
	ctx := context.Background()

	names, err := failedRunGroups(ctx, c)
	require.NoError(t, err)
	assert.Equal(t, []string{"x"}, names)
	link, err := c.RunGroups().ByID(ids[0]).ErrorsAndWarningsFile(ctx)
	require.NoError(t, err)
	assert.Contains(t, link, srv.FileHostURL())
	var file strings.Builder
	_, err = c.RunGroups().ByID(ids[0]).DownloadErrorsAndWarningsFile(ctx, &file)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(file.String(), "severity,code,message,target\n"), file.String())
	fileReqs := srv.FileRequests()
	require.NotEmpty(t, fileReqs)
	for _, r := range fileReqs {
		assert.Empty(t, r.Header.Get("Authorization"), "no token reaches the file host")
	}
	assert.Equal(t, 1, srv.TokenRequests(), "the client caches its token")
	for _, r := range srv.Requests()[1:] {
		assert.Contains(t, r.Header.Get("Authorization"), "Bearer ")
	}
}

func TestClientHelperReportsConflictingOptions(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	_, err := srv.Client(industrydata.WithStaticToken(srv.Token()))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "industrydatatest: configuring a client")
}
