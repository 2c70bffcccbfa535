package odata

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

func TestCheckNextLinkAccepts(t *testing.T) {
	base := mustParse(t, "https://graph.microsoft.com/beta")
	tests := []struct {
		name string
		link string
	}{
		{"skiptoken", "https://graph.microsoft.com/beta/industryData/runGroups?$top=5&$skiptoken=RFNwdAIAAQAAAD8"},
		{"escaped quotes kept byte for byte", "https://graph.microsoft.com/beta/external/industryData/dataConnectors?$skiptoken=id-%27ff8c6a87-31d2-43ad-e990-08dacc85e8cd%27"},
		{"odd escapes in the query kept", "https://graph.microsoft.com/beta/x?$filter=a%20eq%20'b+c'&$skiptoken=%zz%2"},
		{"explicit default port", "https://graph.microsoft.com:443/beta/x?$skip=2"},
		{"host case differs", "https://Graph.Microsoft.com/beta/x"},
		{"scheme case differs", "HTTPS://graph.microsoft.com/beta/x"},
		{"path escapes kept", "https://graph.microsoft.com/beta/runGroups/a%2Fb/runs?$skip=2"},
		{"key segment with quotes", "https://graph.microsoft.com/beta/runGroups('a%27b')/runs"},
		{"other version path on the same host", "https://graph.microsoft.com/v1.0/users?$skiptoken=x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckNextLink(tt.link, base, "https://graph.microsoft.com/beta/industryData/runGroups")
			require.NoError(t, err)
			assert.Equal(t, tt.link, got)

			req, err := http.NewRequest(http.MethodGet, got, nil)
			require.NoError(t, err)
			assert.Contains(t, tt.link, req.URL.RequestURI(), "the request target must be the link's own bytes")
		})
	}
}

func TestCheckNextLinkRejects(t *testing.T) {
	base := mustParse(t, "https://graph.microsoft.com/beta")
	const prev = "https://graph.microsoft.com/beta/industryData/runGroups?$skiptoken=SECRET1"
	tests := []struct {
		name     string
		link     string
		wantText string
	}{
		{"empty", "", "empty"},
		{"other host", "https://evil.example.com/beta/x?$skiptoken=SECRET", `host "evil.example.com"`},
		{"suffix host", "https://graph.microsoft.com.evil.example/beta/x?$skiptoken=SECRET", "host"},
		{"user info trick", "https://graph.microsoft.com@evil.example/beta?$skiptoken=SECRET", "user info"},
		{"user info on right host", "https://user:SECRET@graph.microsoft.com/beta?$skiptoken=SECRET", "user info"},
		{"other port", "https://graph.microsoft.com:8443/beta/x?$skiptoken=SECRET", `host "graph.microsoft.com:8443"`},
		{"other scheme", "http://graph.microsoft.com/beta/x?$skiptoken=SECRET", `scheme "http"`},
		{"relative", "/beta/industryData/runGroups?$skiptoken=SECRET", "not an absolute URL"},
		{"scheme relative", "//graph.microsoft.com/beta/x?$skiptoken=SECRET", "not an absolute URL"},
		{"opaque", "https:graph.microsoft.com?$skiptoken=SECRET", "not an absolute URL"},
		{"fragment", "https://graph.microsoft.com/beta/x?$skiptoken=SECRET#frag", "fragment"},
		{"control character", "https://graph.microsoft.com/beta/x?$skiptoken=SECRET\n", "not a valid URL"},
		{"bad host", "https://graph microsoft.com/beta?$skiptoken=SECRET", "not a valid URL"},
		{"path that would be re-encoded", "https://graph.microsoft.com/beta/a b?$skiptoken=SECRET", "re-encoded"},
		{"repeated link", prev, "repeats"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckNextLink(tt.link, base, prev)
			require.ErrorIs(t, err, ErrInvalidNextLink)
			assert.Empty(t, got)
			assert.Contains(t, err.Error(), tt.wantText)
			assert.NotContains(t, err.Error(), "SECRET", "errors must not carry the link's query or user info")
		})
	}
}

func TestCheckNextLinkLoopbackPort(t *testing.T) {
	base := mustParse(t, "http://127.0.0.1:41234/beta")
	_, err := CheckNextLink("http://127.0.0.1:41234/beta/x?$skip=2", base, "")
	require.NoError(t, err)
	_, err = CheckNextLink("http://127.0.0.1:41235/beta/x?$skip=2", base, "")
	require.ErrorIs(t, err, ErrInvalidNextLink)
	_, err = CheckNextLink("http://127.0.0.1/beta/x", base, "")
	require.ErrorIs(t, err, ErrInvalidNextLink, "port 80 is not port 41234")
	_, err = CheckNextLink("http://localhost:41234/beta/x", base, "")
	require.ErrorIs(t, err, ErrInvalidNextLink, "names are compared, not resolved")
}

func TestCheckNextLinkNilBase(t *testing.T) {
	_, err := CheckNextLink("https://graph.microsoft.com/beta", nil, "")
	require.ErrorIs(t, err, ErrInvalidNextLink)
}

// TestCheckNextLinkSequence walks a sequence of links the way a pager does and stops at
// the first repeat.
func TestCheckNextLinkSequence(t *testing.T) {
	base := mustParse(t, "https://graph.microsoft.com/beta")
	links := []string{
		"https://graph.microsoft.com/beta/x?$skiptoken=1",
		"https://graph.microsoft.com/beta/x?$skiptoken=2",
		"https://graph.microsoft.com/beta/x?$skiptoken=2",
	}
	prev := "https://graph.microsoft.com/beta/x"
	followed := 0
	var err error
	for _, l := range links {
		if prev, err = CheckNextLink(l, base, prev); err != nil {
			break
		}
		followed++
	}
	assert.Equal(t, 2, followed)
	assert.ErrorIs(t, err, ErrInvalidNextLink)
}
