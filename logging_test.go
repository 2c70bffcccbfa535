package industrydata

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// logBuffer collects what a slog handler writes, safely for concurrent writers.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// records decodes the JSON log lines.
func (b *logBuffer) records(t *testing.T) []map[string]any {
	var out []map[string]any
	for line := range strings.Lines(b.String()) {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		out = append(out, m)
	}
	return out
}

func debugLogger() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// TestSecretsNeverLogged drives every path that handles a credential (token request,
// bearer header, retries, SAS download, failed download, redirect, rejected secret)
// with logging at Debug, then searches the log and the errors for the secrets.
func TestSecretsNeverLogged(t *testing.T) {
	const (
		secret = "CLIENT-SECRET-VALUE-42"
		token  = "eyJSECRETTOKEN.payload.signature"
		sig    = "SASSIGNATURE%2Fxyz%3D"
	)
	secrets := []string{secret, token, "SASSIGNATURE", "Bearer "}

	tokenSrv := listenOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasPrefix(r.URL.Path, "/bad-tenant/") {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret `+secret+` provided."}`)
			return
		}
		_, _ = io.WriteString(w, `{"token_type":"Bearer","expires_in":3599,"access_token":"`+token+`"}`)
	}))
	storage := listenOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "id,status\n")
	}))
	var graphCalls int
	var mu sync.Mutex
	graphSrv := listenOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		graphCalls++
		n := graphCalls
		mu.Unlock()
		switch {
		case r.URL.Path == "/beta/redirect":
			http.Redirect(w, r, storage.URL+"/container/f.csv?sv=2024-01-01&sig="+sig, http.StatusFound)
		case n == 1:
			w.Header().Set("request-id", "rid-1")
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"error":{"code":"TooManyRequests","message":"slow down"}}`)
		default:
			w.Header().Set("request-id", "rid-2")
			_, _ = io.WriteString(w, `{"value":[]}`)
		}
	}))
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedAddr := closed.Addr().String()
	require.NoError(t, closed.Close())

	logger, logs := debugLogger()
	c, err := NewClient(WithClientCredentials("tenant-1", "client-1", secret), WithAuthorityHost(tokenSrv.URL),
		WithBaseURL(graphSrv.URL+"/beta"), WithLogger(logger), withSleep((&sleeps{}).sleep))
	require.NoError(t, err)
	defer c.Close()
	ctx := context.Background()
	var errs []error

	_, err = call(ctx, c, get(graphSrv.URL+"/beta/industryData/runGroups?$filter=status%20eq%20%27failed%27&$top=5"))
	require.NoError(t, err)
	_, err = call(ctx, c, &outgoing{method: http.MethodGet, url: storage.URL + "/container/f.csv?sv=2024-01-01&sig=" + sig, anonymous: true})
	require.NoError(t, err)
	_, err = call(ctx, c, get(graphSrv.URL+"/beta/redirect"))
	require.NoError(t, err)
	_, err = c.send(ctx, &outgoing{method: http.MethodGet, url: "http://" + closedAddr + "/f.csv?sig=" + sig, anonymous: true})
	require.Error(t, err)
	errs = append(errs, err)
	_, err = c.send(ctx, &outgoing{method: http.MethodPost, url: "http://" + closedAddr + "/x?access_token=" + token, body: []byte(`{}`)})
	require.Error(t, err)
	errs = append(errs, err)

	bad, err := NewClient(WithClientCredentials("bad-tenant", "client-1", secret), WithAuthorityHost(tokenSrv.URL),
		WithBaseURL(graphSrv.URL+"/beta"), WithLogger(logger))
	require.NoError(t, err)
	defer bad.Close()
	_, err = bad.send(ctx, get(graphSrv.URL+"/beta/x"))
	require.Error(t, err)
	errs = append(errs, err)

	text := logs.String()
	for _, s := range secrets {
		assert.NotContains(t, text, s, "log")
		for _, err := range errs {
			assert.NotContains(t, err.Error(), s, "error %v", err)
		}
	}

	// The log is still useful: the exchange, its status, the attempt, the ids, the OData query.
	assert.Contains(t, text, `$filter=status%20eq%20%27failed%27&$top=5`)
	assert.Contains(t, text, `sig=REDACTED`)
	var sawThrottle, sawRetry, sawSecond bool
	for _, r := range logs.records(t) {
		assert.Equal(t, "DEBUG", r["level"])
		switch {
		case r["msg"] == "industrydata: retrying":
			if r["status"] == float64(429) {
				sawRetry = true
			} else {
				assert.Contains(t, r["error"], "connection refused")
			}
		case r["request-id"] == "rid-1":
			sawThrottle = true
			assert.Equal(t, "GET", r["method"])
			assert.Equal(t, float64(429), r["status"])
			assert.Equal(t, float64(1), r["attempt"])
			assert.Contains(t, r, "duration")
			assert.Contains(t, r, "client-request-id")
		case r["request-id"] == "rid-2" && r["attempt"] == float64(2):
			sawSecond = true
		}
	}
	assert.True(t, sawThrottle && sawRetry && sawSecond, "log:\n%s", text)
}

func TestNoLoggerNoOutput(t *testing.T) {
	_, hc := newMockGraph(reply(200, `{}`))
	c, _ := mockClient(t, hc)
	assert.Nil(t, c.logger)
	_, isLogging := authLayer(t, c).next.(*traceTransport).next.(*loggingTransport)
	assert.False(t, isLogging)
}

func TestLogURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://graph.microsoft.com/beta/industryData/runGroups?$select=id&$top=5": "https://graph.microsoft.com/beta/industryData/runGroups?$select=id&$top=5",
		"https://acct.blob.core.windows.net/c/f.csv?sv=2024&sig=abc%2F&se=2026":     "https://acct.blob.core.windows.net/c/f.csv?sv=REDACTED&sig=REDACTED&se=REDACTED",
		"https://u:p@host/x?%24skiptoken=abc&code=xyz#frag":                         "https://host/x?%24skiptoken=abc&code=REDACTED",
		"https://host/x?bare-secret":                                                "https://host/x?REDACTED",
	} {
		u, err := url.Parse(in)
		require.NoError(t, err)
		assert.Equal(t, want, logURL(u))
	}
}

func TestScrubSecrets(t *testing.T) {
	for in, want := range map[string]string{
		`Get "https://a/b?sv=1&sig=abc%2F": dial tcp: refused`: `Get "https://a/b?sv=1&sig=REDACTED": dial tcp: refused`,
		"Authorization: Bearer eyJ.abc.def, next":              "Authorization: Bearer REDACTED, next",
		"client_secret=xyz&client_id=1":                        "client_secret=REDACTED&client_id=1",
		"no secrets here":                                      "no secrets here",
	} {
		assert.Equal(t, want, scrubSecrets(in))
	}
	base := errors.New("sig=abc")
	err := scrubbed(base)
	assert.Equal(t, "sig=REDACTED", err.Error())
	assert.ErrorIs(t, err, base)
}
