package industrydatatest_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go/industrydatatest"
)

// tokenForm is a valid client-credentials request for the server.
func tokenForm(s *industrydatatest.Server) url.Values {
	c := s.Credentials()
	return url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {c.ClientID},
		"client_secret": {c.ClientSecret},
		"scope":         {"https://graph.microsoft.com/.default"},
	}
}

func postToken(t *testing.T, tokenURL string, form url.Values) (int, map[string]any, http.Header) {
	t.Helper()
	resp, err := http.PostForm(tokenURL, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return resp.StatusCode, body, resp.Header
}

func TestTokenEndpointIssuesWorkingTokens(t *testing.T) {
	g := newGraph(t)
	g.token = ""
	require.Equal(t, g.s.URL()+"/"+industrydatatest.DefaultTenantID+"/oauth2/v2.0/token", g.s.TokenURL())
	status, body, hdr := postToken(t, g.s.TokenURL(), tokenForm(g.s))
	require.Equal(t, http.StatusOK, status, "%v", body)
	assert.Equal(t, "application/json; charset=utf-8", hdr.Get("Content-Type"))
	assert.Equal(t, "no-store, no-cache", hdr.Get("Cache-Control"))
	assert.Equal(t, "Bearer", body["token_type"])
	assert.Equal(t, float64(3599), body["expires_in"])
	assert.Equal(t, float64(3599), body["ext_expires_in"])
	tok, _ := body["access_token"].(string)
	require.NotEmpty(t, tok)
	assert.Equal(t, 1, g.s.TokenRequests())

	r := g.do("GET", "/runGroups", nil, "Authorization", "Bearer "+tok)
	assert.Equal(t, http.StatusOK, r.status)
}

func TestTokenEndpointAcceptsBasicAuth(t *testing.T) {
	s := industrydatatest.NewServerT(t, industrydatatest.WithCredentials("contoso.onmicrosoft.com", "app id", "s3cr&t"))
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {s.URL() + "/.default"}}
	req, _ := http.NewRequest("POST", s.TokenURL(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape("app id"), url.QueryEscape("s3cr&t"))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestTokenEndpointErrorsLikeTheIdentityPlatform(t *testing.T) {
	s := industrydatatest.NewServerT(t)
	with := func(k, v string) url.Values {
		f := tokenForm(s)
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
		return f
	}
	cases := map[string]struct {
		url    string
		form   url.Values
		status int
		code   string
		aadsts float64
	}{
		"bad secret":     {s.TokenURL(), with("client_secret", "wrong"), 401, "invalid_client", 7000215},
		"no secret":      {s.TokenURL(), with("client_secret", ""), 401, "invalid_client", 7000216},
		"unknown client": {s.TokenURL(), with("client_id", "00000000-0000-0000-0000-000000000000"), 400, "unauthorized_client", 700016},
		"bad scope":      {s.TokenURL(), with("scope", "https://graph.microsoft.com/User.Read"), 400, "invalid_scope", 1002012},
		"no scope":       {s.TokenURL(), with("scope", ""), 400, "invalid_request", 900144},
		"wrong grant":    {s.TokenURL(), with("grant_type", "password"), 400, "unsupported_grant_type", 70003},
		"no grant":       {s.TokenURL(), with("grant_type", ""), 400, "invalid_request", 900144},
		"unknown tenant": {s.URL() + "/other-tenant/oauth2/v2.0/token", tokenForm(s), 400, "invalid_request", 90002},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			status, body, _ := postToken(t, c.url, c.form)
			assert.Equal(t, c.status, status)
			assert.Equal(t, c.code, body["error"])
			assert.Equal(t, []any{c.aadsts}, body["error_codes"])
			desc, _ := body["error_description"].(string)
			assert.True(t, strings.HasPrefix(desc, "AADSTS"), desc)
			assert.NotContains(t, desc, s.Credentials().ClientSecret, "the secret is never echoed")
			assert.NotEmpty(t, body["trace_id"])
			assert.NotEmpty(t, body["correlation_id"])
			_, err := time.Parse("2006-01-02 15:04:05Z", body["timestamp"].(string))
			assert.NoError(t, err)
		})
	}
	assert.Equal(t, len(cases), s.TokenRequests())
}

func TestAPICallsNeedAValidToken(t *testing.T) {
	clock := newFakeClock()
	g := newGraph(t, industrydatatest.WithClock(clock.Now), industrydatatest.WithTokenLifetime(time.Minute))
	cases := map[string]struct{ auth, want string }{
		"missing":      {"", "Access token is empty."},
		"wrong scheme": {"Basic abc", "Bearer scheme"},
		"unknown":      {"Bearer not-issued-here", "Access token validation failure"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			req := g.request("GET", "/runGroups", nil)
			if c.auth != "" {
				req.Header.Set("Authorization", c.auth)
			}
			r := g.send(req)
			code, msg := graphError(t, r, http.StatusUnauthorized)
			assert.Equal(t, "InvalidAuthenticationToken", code)
			assert.Contains(t, msg, c.want)
			assert.Contains(t, r.header.Get("WWW-Authenticate"), "Bearer")
		})
	}

	assert.Equal(t, http.StatusOK, g.do("GET", "/runGroups", nil).status)
	clock.Advance(time.Minute)
	_, msg := graphError(t, g.do("GET", "/runGroups", nil), http.StatusUnauthorized)
	assert.Contains(t, msg, "expired")
}

func TestExpireAndRevoke(t *testing.T) {
	g := newGraph(t)
	require.Equal(t, http.StatusOK, g.do("GET", "/runGroups", nil).status)
	g.s.ExpireTokens()
	_, msg := graphError(t, g.do("GET", "/runGroups", nil), http.StatusUnauthorized)
	assert.Contains(t, msg, "expired")

	g.s.RevokeCredentials()
	status, body, _ := postToken(t, g.s.TokenURL(), tokenForm(g.s))
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "invalid_client", body["error"])

	g.s.RestoreCredentials()
	status, body, _ = postToken(t, g.s.TokenURL(), tokenForm(g.s))
	require.Equal(t, http.StatusOK, status)
	g.token = body["access_token"].(string)
	assert.Equal(t, http.StatusOK, g.do("GET", "/runGroups", nil).status)
	assert.Equal(t, 2, g.s.TokenRequests(), "Token() does not count")
}

func TestRequireAuthOff(t *testing.T) {
	g := newGraph(t, industrydatatest.WithRequireAuth(false))
	g.token = ""
	assert.Equal(t, http.StatusOK, g.do("GET", "/runGroups", nil).status)
}

func TestInvalidOptionsPanicWithTheirName(t *testing.T) {
	assert.PanicsWithValue(t, "industrydatatest: WithMaxPageSize: page size must be between 1 and 999, got 1000",
		func() { industrydatatest.NewServer(industrydatatest.WithMaxPageSize(1000)) })
	assert.Panics(t, func() {
		industrydatatest.NewServer(industrydatatest.WithLifecycle(industrydatatest.Lifecycle{Final: "running"}))
	})
	assert.Panics(t, func() { industrydatatest.NewServer(industrydatatest.WithTokenLifetime(0)) })
	assert.Panics(t, func() { industrydatatest.NewServer(industrydatatest.WithCredentials("", "a", "b")) })
	assert.Panics(t, func() { industrydatatest.NewServer(industrydatatest.WithClock(nil)) })
}
