package reliability_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// TestTokenNeverLeavesAllowedHosts drives every way a request can end up on another
// host: redirects with each status, to another loopback host, another port and another
// name of the same host; a nextLink to another host; pre-signed download links on
// another host, on the Graph host itself and behind a redirect; and error paths. No
// request outside the allowed host may carry Authorization, no token, secret or signature
// may appear in an error or in the Debug log.
func TestTokenNeverLeavesAllowedHosts(t *testing.T) {
	srv := industrydatatest.NewServerT(t) // the identity platform: real tokens, a real secret
	h := newHostileHosts(t)
	logs := &logCapture{}
	cr := srv.Credentials()
	client := func(scenario string) *industrydata.Client {
		c, err := industrydata.NewClient(industrydata.WithBaseURL(h.graphURL+"/"+scenario+"/beta"),
			industrydata.WithAuthorityHost(srv.URL()),
			industrydata.WithClientCredentials(cr.TenantID, cr.ClientID, cr.ClientSecret),
			industrydata.WithRetry(fastRetry()), industrydata.WithLogger(logs.logger()))
		require.NoError(t, err)
		t.Cleanup(c.Close)
		return c
	}
	ctx := context.Background()
	// keep checks an error for secrets at once, under the subtest that got it.
	errs := 0
	keep := func(t *testing.T, err error) {
		t.Helper()
		if err == nil {
			return
		}
		errs++
		secrets := append(h.graph.tokens(), cr.ClientSecret, sigSecret, url.QueryEscape(sigSecret))
		assertNoTokenIn(t, err.Error(), secrets, "error "+err.Error())
	}

	for _, code := range []int{301, 302, 307, 308} {
		t.Run(fmt.Sprintf("redirect-%d", code), func(t *testing.T) {
			c := client(fmt.Sprintf("redirect-other-%d", code))
			g := c.RunGroups().ByID("g1")
			rg, err := g.Get(ctx)
			keep(t, err)
			if assert.NoError(t, err, "a redirected GET is followed, without the token") {
				assert.Equal(t, "landed", rg.DisplayName)
			}
			keep(t, g.Update(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "n"}}))
			keep(t, g.Delete(ctx))
			_, err = c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "n"}})
			keep(t, err)
		})
	}
	t.Run("redirect-other-port", func(t *testing.T) {
		_, err := client("redirect-port").RunGroups().ByID("g1").Get(ctx)
		keep(t, err)
	})
	t.Run("redirect-other-name", func(t *testing.T) {
		_, err := client("redirect-name").RunGroups().ByID("g1").Get(ctx)
		keep(t, err)
	})
	t.Run("nextlink-other-host", func(t *testing.T) {
		n, err := countAll(client("nextlink-other").RunGroups().List().All(ctx))
		assert.Equal(t, 1, n, "the first page is yielded")
		require.Error(t, err, "a nextLink to another host is not followed")
		assert.Contains(t, err.Error(), "nextLink")
		keep(t, err)
	})
	t.Run("nextlink-userinfo", func(t *testing.T) {
		_, err := countAll(client("nextlink-userinfo").RunGroups().List().All(ctx))
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "pass")
		keep(t, err)
	})
	for _, s := range []string{"file-other", "file-self", "file-redirect"} {
		t.Run(s, func(t *testing.T) {
			var buf bytes.Buffer
			_, err := client(s).RunGroups().ByID("g1").DownloadErrorsAndWarningsFile(ctx, &buf)
			keep(t, err)
			if assert.NoError(t, err) {
				assert.Contains(t, buf.String(), "severity,code")
			}
		})
	}
	t.Run("file-forbidden", func(t *testing.T) {
		_, err := client("file-forbidden").RunGroups().ByID("g1").DownloadErrorsAndWarningsFile(ctx, io.Discard)
		require.Error(t, err)
		var ge *industrydata.Error
		require.True(t, errors.As(err, &ge), "%v", err)
		assert.Equal(t, 403, ge.StatusCode)
		keep(t, err)
	})
	t.Run("graph-error", func(t *testing.T) {
		_, err := client("graph-error").RunGroups().ByID("g1").Get(ctx)
		require.ErrorIs(t, err, industrydata.ErrForbidden)
		keep(t, err)
	})

	graphReqs := h.graph.requests()
	tokens := map[string]bool{}
	withToken := 0
	for _, r := range graphReqs {
		anonymous := strings.HasPrefix(r.path, "/files/")
		otherName := strings.HasPrefix(r.host, "localhost:")
		switch {
		case anonymous || otherName:
			assert.Empty(t, r.auth, "%s %s%s (host %s) must not carry the token", r.method, r.host, r.path, r.host)
		default:
			assert.NotEmpty(t, r.auth, "%s %s reached the allowed host without the token", r.method, r.path)
		}
		if tok, ok := strings.CutPrefix(r.auth, "Bearer "); ok {
			tokens[tok] = true
			withToken++
		}
	}
	outside := append(h.other.requests(), h.port.requests()...)
	for _, r := range outside {
		assert.Empty(t, r.auth, "%s %s%s must not carry the token", r.method, r.host, r.path)
		assert.NotContains(t, string(r.body)+r.query, cr.ClientSecret, "the client secret reached %s", r.host)
	}
	require.NotEmpty(t, tokens, "the allowed host received the token (else the test proves nothing)")
	for _, r := range h.other.requests() {
		assert.False(t, strings.HasPrefix(r.path, "/beta/"), "the nextLink to another host was followed: %s", r.path)
	}

	secrets := append(keys(tokens), cr.ClientSecret, sigSecret, url.QueryEscape(sigSecret))
	log := logs.String()
	assertNoTokenIn(t, log, secrets, "debug log")
	assert.NotRegexp(t, `sig=[^R&\s"]`, log, "a sig= value other than REDACTED was logged")
	assert.Positive(t, logs.count("http exchange"), "the Debug log was captured")
	figure(t, "tokens/hosts", "requestsAllowedHost", len(graphReqs), "withToken", withToken,
		"requestsOtherHosts", len(outside), "leakedToOtherHosts", countAuth(outside),
		"errorsChecked", errs, "logBytes", len(log))
}

// TestNoSecretInErrorsOrLogsFromTheServer runs the error paths of the in-memory Graph:
// 403/404/500 answers, a failing download from the pre-signed file host, a client locked
// out (token expired, secret revoked) and a wrong secret. No error and no Debug log line
// holds a token, a secret or the file link's signature, and the file host never sees the
// token.
func TestNoSecretInErrorsOrLogsFromTheServer(t *testing.T) {
	srv := industrydatatest.NewServerT(t)
	ids, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": "g", "status": "failed",
		"blockingError": map[string]any{"code": "E", "message": "m"}})
	require.NoError(t, err)
	logs := &logCapture{}
	c := newClient(t, srv, industrydata.WithLogger(logs.logger()))
	ctx := context.Background()
	g := c.RunGroups().ByID(ids[0])
	var errs []error
	keep := func(err error) {
		if assert.Error(t, err) {
			errs = append(errs, err)
		}
	}

	link, err := g.ErrorsAndWarningsFile(ctx)
	require.NoError(t, err)
	lu, err := url.Parse(link)
	require.NoError(t, err)
	sig := lu.Query().Get("sig")
	require.NotEmpty(t, sig)
	_, err = g.DownloadErrorsAndWarningsFile(ctx, io.Discard)
	require.NoError(t, err)

	srv.Fault(industrydatatest.Match{Path: "/files/*"}, industrydatatest.Nth(1), industrydatatest.Status(403))
	_, err = g.DownloadErrorsAndWarningsFile(ctx, io.Discard)
	keep(err)
	srv.Fault(industrydatatest.Match{Method: "GET", Path: "/runGroups/*"}, industrydatatest.Nth(1), industrydatatest.Status(500))
	_, err = g.Get(ctx)
	keep(err)
	_, err = c.RunGroups().ByID("missing").Get(ctx)
	keep(err)
	// Locked out: the token expired and the secret no longer works. (Graph's 401 today;
	// the identity platform's invalid_client once a rejected token is refreshed.)
	srv.RevokeCredentials()
	srv.ExpireTokens()
	_, err = g.Get(ctx)
	keep(err)
	bad, err := industrydata.NewClient(industrydata.WithBaseURL(srv.BaseURL()), industrydata.WithAuthorityHost(srv.URL()),
		industrydata.WithClientCredentials(srv.Credentials().TenantID, srv.Credentials().ClientID, "a-wrong-secret-0123456789"),
		industrydata.WithLogger(logs.logger()), industrydata.WithRetry(fastRetry()))
	require.NoError(t, err)
	_, err = bad.RunGroups().List().Page(ctx)
	keep(err)

	fileWithToken := 0
	for _, fr := range srv.FileRequests() {
		if fr.Header.Get("Authorization") != "" {
			fileWithToken++
		}
	}
	assert.Zero(t, fileWithToken, "the file host received the Graph token")
	secrets := append(bearerTokens(srv.Requests()), srv.Credentials().ClientSecret, "a-wrong-secret-0123456789", sig, url.QueryEscape(sig))
	require.Greater(t, len(secrets), 4, "tokens were issued")
	for _, err := range errs {
		assertNoTokenIn(t, err.Error(), secrets, "error "+err.Error())
	}
	log := logs.String()
	assertNoTokenIn(t, log, secrets, "debug log")
	assert.NotRegexp(t, `sig=[^R&\s"]`, log)
	figure(t, "tokens/server-error-paths", "errorsChecked", len(errs), "fileRequests", len(srv.FileRequests()),
		"fileRequestsWithToken", fileWithToken, "logBytes", len(log))
}

// countAll drains an iterator and returns how many items it yielded and its error.
func countAll[T any](seq func(func(T, error) bool)) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func countAuth(reqs []seenRequest) int {
	n := 0
	for _, r := range reqs {
		if r.auth != "" {
			n++
		}
	}
	return n
}
