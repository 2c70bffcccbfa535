package reliability_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// serverClock is a WithClock source that a test can move forward.
type serverClock struct{ offset atomic.Int64 }

func (c *serverClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *serverClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// listPaused lists every run group in pages of 10, calling pause after the page ending
// at item pauseAt, and returns the names in order and the error.
func listPaused(ctx context.Context, c *industrydata.Client, pauseAt int, pause func()) ([]string, error) {
	var names []string
	for rg, err := range c.RunGroups().List().PageSize(10).All(ctx) {
		if err != nil {
			return names, err
		}
		names = append(names, rg.DisplayName)
		if len(names) == pauseAt {
			pause()
		}
	}
	return names, nil
}

func wantNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("g%05d", i)
	}
	return out
}

// TestTokenExpiringMidIterationIsRefreshedOnce lists 100 run groups in pages of 10 with
// one-second tokens. Halfway, the server's clock jumps past the token's expiry while the
// caller pauses past the half-life at which the SDK replaces a token. The listing must
// complete with every item once, in order, after exactly one more token request and no
// page answered 401.
func TestTokenExpiringMidIterationIsRefreshedOnce(t *testing.T) {
	clock := &serverClock{}
	srv := industrydatatest.NewServerT(t, industrydatatest.WithTokenLifetime(time.Second), industrydatatest.WithClock(clock.now))
	_, err := srv.SeedRunGroups(groupDocs(100)...)
	require.NoError(t, err)
	logs := &logCapture{}
	c := newClient(t, srv, industrydata.WithLogger(logs.logger()))

	names, err := listPaused(context.Background(), c, 50, func() {
		clock.advance(2 * time.Second)     // the server now rejects the first token
		time.Sleep(550 * time.Millisecond) // past the SDK's refresh point (half of 1 s)
	})
	require.NoError(t, err)
	assert.Equal(t, wantNames(100), names)
	assert.Equal(t, 2, srv.TokenRequests(), "one token, then one refresh")
	assert.Len(t, bearerTokens(srv.Requests()), 2, "both tokens were used")
	unauthorized := logs.count("status=401")
	assert.Zero(t, unauthorized, "no page was answered 401")
	figure(t, "tokens/expiry-proactive", "items", len(names), "tokenRequests", srv.TokenRequests(),
		"pages", requestCount(srv, "GET", "/runGroups"), "unauthorized", unauthorized)
}

// TestTokenRejectedMidIterationIsRefreshedOnce expires every issued token on the server
// halfway through a listing, as when Graph stops accepting a token the client still
// believes valid. The next page gets 401; the SDK must fetch one new token, replay the
// page and finish the listing: one extra token request, one 401, no storm.
func TestTokenRejectedMidIterationIsRefreshedOnce(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	_, err := srv.SeedRunGroups(groupDocs(100)...)
	require.NoError(t, err)
	c := newClient(t, srv)

	names, err := listPaused(context.Background(), c, 50, srv.ExpireTokens)
	assert.NoError(t, err, "the listing survives the expired token")
	assert.Equal(t, wantNames(100), names)
	assert.Equal(t, 2, srv.TokenRequests(), "exactly one refresh")
	figure(t, "tokens/expiry-rejected", "items", len(names), "tokenRequests", srv.TokenRequests())
}

// TestRevokedCredentialFailsFast revokes the client secret. A client that needs a token
// must fail at once with the identity platform's error (invalid_client, AADSTS7000215),
// as a *industrydata.TokenError, without sending anything to Graph and without retrying:
// one token request per call, and concurrent calls share one.
func TestRevokedCredentialFailsFast(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	_, err := srv.SeedRunGroups(groupDocs(3)...)
	require.NoError(t, err)
	srv.RevokeCredentials()
	c := newClient(t, srv)
	ctx := context.Background()

	check := func(t *testing.T, err error) {
		t.Helper()
		require.Error(t, err)
		var te *industrydata.TokenError
		require.True(t, errors.As(err, &te), "a *TokenError: %v", err)
		assert.Equal(t, "invalid_client", te.Code)
		assert.Contains(t, te.Description, "AADSTS7000215")
		assert.Equal(t, 401, te.StatusCode)
		assert.NotContains(t, err.Error(), srv.Credentials().ClientSecret)
	}
	const sequential, concurrent = 10, 50
	t.Run("sequential", func(t *testing.T) {
		for range sequential {
			_, err := c.RunGroups().List().Page(ctx)
			check(t, err)
		}
		assert.Equal(t, sequential, srv.TokenRequests(), "one token request per call, no retries")
	})
	t.Run("concurrent", func(t *testing.T) {
		before := srv.TokenRequests()
		var wg sync.WaitGroup
		errs := make([]error, concurrent)
		for i := range concurrent {
			wg.Go(func() { _, errs[i] = c.RunGroups().ByID("x").Get(ctx) })
		}
		wg.Wait()
		for _, err := range errs {
			check(t, err)
		}
		assert.LessOrEqual(t, srv.TokenRequests()-before, concurrent, "at most one token request per call")
	})
	assert.Zero(t, requestCount(srv, "GET", ""), "nothing reached Graph")
	figure(t, "tokens/revoked", "calls", sequential+concurrent, "tokenRequests", srv.TokenRequests(), "graphRequests", requestCount(srv, "GET", ""))
}

// TestCredentialRevokedMidIterationFailsFast revokes the secret and expires the tokens
// halfway through a listing. The next page must fail with the identity platform's error
// code after one token request, not with Graph's 401 and not after a storm of retries.
func TestCredentialRevokedMidIterationFailsFast(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	_, err := srv.SeedRunGroups(groupDocs(100)...)
	require.NoError(t, err)
	c := newClient(t, srv)

	names, err := listPaused(context.Background(), c, 50, func() {
		srv.RevokeCredentials()
		srv.ExpireTokens()
	})
	assert.Equal(t, wantNames(50), names, "the pages before the revocation")
	require.Error(t, err)
	var te *industrydata.TokenError
	require.True(t, errors.As(err, &te), "the identity platform's error, not Graph's 401: %v", err)
	assert.Equal(t, "invalid_client", te.Code)
	assert.Contains(t, te.Description, "AADSTS7000215")
	assert.Equal(t, 2, srv.TokenRequests(), "one token, then one failed refresh")
	figure(t, "tokens/revoked-mid-iteration", "items", len(names), "tokenRequests", srv.TokenRequests())
}
