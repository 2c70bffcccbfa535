package industrydata

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestInvalidOptionsNameTheOption(t *testing.T) {
	for _, tc := range []struct {
		opt  Option
		want string
	}{
		{WithClientCredentials("", "client", "secret"), "WithClientCredentials: tenantID is empty"},
		{WithClientCredentials("contoso/../x", "client", "secret"), "WithClientCredentials: tenantID"},
		{WithClientCredentials("tenant", " ", "secret"), "WithClientCredentials: clientID is empty"},
		{WithClientCredentials("tenant", "client", ""), "WithClientCredentials: clientSecret is empty"},
		{WithTokenSource(nil), "WithTokenSource: token source is nil"},
		{WithStaticToken(""), "WithStaticToken: token is empty"},
		{WithStaticToken("Bearer abc"), "WithStaticToken: token contains whitespace"},
		{WithBaseURL("graph.microsoft.com/beta"), "WithBaseURL"},
		{WithBaseURL("/beta"), "WithBaseURL: \"/beta\" is not an absolute http(s) URL"},
		{WithBaseURL("ftp://graph.microsoft.com/beta"), "WithBaseURL: \"ftp://graph.microsoft.com/beta\" is not an absolute http(s) URL"},
		{WithBaseURL("http://graph.microsoft.com/beta"), "WithBaseURL: \"http://graph.microsoft.com/beta\" uses plain http to a host that is not loopback"},
		{WithBaseURL("https://graph.microsoft.com/beta?x=1"), "must not have a query"},
		{WithBaseURL("https://user:pw@graph.microsoft.com/beta"), "WithBaseURL: URL must not carry user credentials"},
		{WithBaseURL("https://graph.microsoft.com/%zz"), "WithBaseURL"},
		{WithAuthorityHost("http://login.microsoftonline.com"), "WithAuthorityHost: \"http://login.microsoftonline.com\" uses plain http"},
		{WithAuthorityHost(""), "WithAuthorityHost"},
		{WithCloud("mars"), "WithCloud: unknown cloud \"mars\""},
		{WithCloud(""), "WithCloud: unknown cloud"},
		{WithScopes(), "WithScopes: no scope given"},
		{WithScopes("a b"), "WithScopes"},
		{WithHTTPClient(nil), "WithHTTPClient: client is nil"},
		{WithRetry(RetryPolicy{MaxRetries: -1}), "WithRetry: MaxRetries -1 is negative"},
		{WithRetry(RetryPolicy{MinWait: -time.Second}), "WithRetry: MinWait -1s is negative"},
		{WithRetry(RetryPolicy{PerAttemptTimeout: -time.Second}), "WithRetry: PerAttemptTimeout -1s is negative"},
		{WithRetry(RetryPolicy{MinWait: time.Minute, MaxWait: time.Second}), "WithRetry: MinWait 1m0s is longer than MaxWait 1s"},
		{WithUserAgent("app\r\nX-Injected: 1"), "WithUserAgent"},
		{WithAllowedHosts("https://evil.example"), "WithAllowedHosts"},
		{WithAllowedHosts("*.microsoft.com"), "WithAllowedHosts"},
		{WithMaxResponseSize(0), "WithMaxResponseSize: size 0 is not positive"},
	} {
		c, err := NewClient(tc.opt)
		assert.Nil(t, c)
		require.Error(t, err, tc.want)
		assert.Contains(t, err.Error(), "industrydata: ")
		assert.Contains(t, err.Error(), tc.want)
	}
}

func TestOptionErrorsNeverEchoSecrets(t *testing.T) {
	_, err := NewClient(WithStaticToken("eyJ0eXAi secret"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "eyJ0eXAi")
	_, err = NewClient(WithBaseURL("https://user:hunter2@graph.microsoft.com/beta"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}

func TestEveryInvalidOptionIsReported(t *testing.T) {
	_, err := NewClient(WithBaseURL("ftp://x"), WithRetry(RetryPolicy{MaxRetries: -1}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WithBaseURL")
	assert.Contains(t, err.Error(), "WithRetry")
}

func TestConflictingCredentials(t *testing.T) {
	_, err := NewClient(WithStaticToken("a"), WithClientCredentials("t", "c", "s"))
	require.ErrorContains(t, err, "WithClientCredentials: conflicts with WithStaticToken")
	_, err = NewClient(WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"})), WithStaticToken("a"))
	require.ErrorContains(t, err, "WithStaticToken: conflicts with WithTokenSource")
}

func TestSameCredentialOptionTwiceKeepsTheLast(t *testing.T) {
	m, hc := newMockGraph(reply(200, `{}`))
	c, err := NewClient(WithBaseURL(testBase), WithHTTPClient(hc), WithStaticToken("first"), WithStaticToken("second"))
	require.NoError(t, err)
	_, err = call(t.Context(), c, get(testBase+"/x"))
	require.NoError(t, err)
	assert.Equal(t, "Bearer second", m.requests()[0].Header.Get("Authorization"))
}

func TestOptionOrderDoesNotMatter(t *testing.T) {
	hc := &http.Client{}
	opts := []Option{
		WithCloud(CloudChina),
		WithBaseURL("https://graph.example.test/v1.0"),
		WithAuthorityHost("https://login.example.test"),
		WithHTTPClient(hc),
		WithRetry(RetryPolicy{MaxRetries: 2, PerAttemptTimeout: time.Second}),
		WithUserAgent("app/1"),
		WithAllowedHosts("alias.example.test"),
		WithMaxResponseSize(1 << 20),
		WithStaticToken("t"),
	}
	reversed := make([]Option, len(opts))
	for i, o := range opts {
		reversed[len(opts)-1-i] = o
	}
	a, err := NewClient(opts...)
	require.NoError(t, err)
	b, err := NewClient(reversed...)
	require.NoError(t, err)
	for _, c := range []*Client{a, b} {
		assert.Equal(t, "https://graph.example.test/v1.0", c.baseURL, "WithBaseURL wins over the cloud's default")
		assert.Equal(t, RetryPolicy{MaxRetries: 2, MinWait: time.Second, MaxWait: time.Minute, MaxTotalWait: 3 * time.Minute, PerAttemptTimeout: time.Second}, c.retry)
		assert.Equal(t, "industrydata-go/"+Version+" app/1", c.userAgent)
		assert.Equal(t, int64(1<<20), c.maxResponseBytes)
		auth := authLayer(t, c)
		assert.Equal(t, hostSet{{host: "graph.example.test", port: "443"}, {host: "alias.example.test"}}, auth.allowed)
	}
}

// authLayer finds the auth transport in a client's stack.
func authLayer(t *testing.T, c *Client) *authTransport {
	t.Helper()
	rt := c.http.Transport
	bt, ok := rt.(*bufferTransport)
	require.True(t, ok, "the outermost layer buffers success bodies, got %T", rt)
	assert.Equal(t, c.maxResponseBytes, bt.limit)
	rt = bt.next
	if at, ok := rt.(*attemptTimeoutTransport); ok {
		rt = at.next
	}
	auth, ok := rt.(*authTransport)
	require.True(t, ok, "unexpected transport %T", rt)
	return auth
}

func TestLoopbackMayUsePlainHTTP(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080/beta", "http://localhost/beta", "http://[::1]:1/beta", "http://127.0.0.2:9/"} {
		_, err := NewClient(WithBaseURL(u), WithAuthorityHost(u))
		assert.NoError(t, err, u)
	}
}

func TestNilOptionIsIgnored(t *testing.T) {
	c, err := NewClient(nil, WithStaticToken("t"))
	require.NoError(t, err)
	assert.Equal(t, "https://graph.microsoft.com/beta", c.baseURL)
}

func TestNationalBaseURLSelectsItsCloud(t *testing.T) {
	for _, tc := range []struct {
		base, authority, scope string
		cloud                  Cloud // "" : not given
	}{
		{"https://graph.microsoft.us/beta", "login.microsoftonline.us", "https://graph.microsoft.us/.default", ""},
		{"https://dod-graph.microsoft.us/beta", "login.microsoftonline.us", "https://dod-graph.microsoft.us/.default", ""},
		{"https://microsoftgraph.chinacloudapi.cn/beta", "login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/.default", ""},
		{"https://GRAPH.microsoft.us/beta", "login.microsoftonline.us", "https://graph.microsoft.us/.default", CloudUSGov},
		{"https://graph.microsoft.com/beta", "login.microsoftonline.com", "https://graph.microsoft.com/.default", ""},
		{"https://gateway.example.test/beta", "login.microsoftonline.us", "https://graph.microsoft.us/.default", CloudUSGov},
	} {
		t.Run(tc.base, func(t *testing.T) {
			mt := httpmock.NewMockTransport()
			var form url.Values
			mt.RegisterResponder(http.MethodPost, "https://"+tc.authority+"/tenant-1/oauth2/v2.0/token", func(r *http.Request) (*http.Response, error) {
				require.NoError(t, r.ParseForm())
				form = r.PostForm
				return httpmock.NewStringResponse(200, `{"access_token":"tok","token_type":"Bearer","expires_in":3600}`), nil
			})
			mt.RegisterNoResponder(httpmock.NewStringResponder(200, `{}`))
			opts := []Option{WithBaseURL(tc.base), WithClientCredentials("tenant-1", "client-1", "secret-value"), WithHTTPClient(&http.Client{Transport: mt})}
			if tc.cloud != "" {
				opts = append(opts, WithCloud(tc.cloud))
			}
			c, err := NewClient(opts...)
			require.NoError(t, err)
			_, err = call(context.Background(), c, get(tc.base+"/industryData/runGroups"))
			require.NoError(t, err, "the token was asked of %s", tc.authority)
			assert.Equal(t, tc.scope, form.Get("scope"))
		})
	}
}

func TestBaseURLOfAnotherCloudThanWithCloudIsRefused(t *testing.T) {
	_, err := NewClient(WithBaseURL("https://graph.microsoft.us/beta"), WithCloud(CloudChina), WithStaticToken("t"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WithBaseURL")
	assert.Contains(t, err.Error(), `"usgov"`)
	assert.Contains(t, err.Error(), `"china"`)
	_, err = NewClient(WithBaseURL("https://graph.microsoft.com/beta"), WithCloud(CloudUSGovDoD), WithStaticToken("t"))
	assert.Error(t, err, "the global host is not the DoD cloud's")
}
