package odata

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type segmentCase struct {
	id   string
	want string
}

// segmentCases lists ids and the one path segment each must become.
func segmentCases() []segmentCase {
	return []segmentCase{
		{"abc-123_x.y~z", "abc-123_x.y~z"},
		{"0b4f1a66-6a2c-4b67-a1bd-2f1c1e0f8a01", "0b4f1a66-6a2c-4b67-a1bd-2f1c1e0f8a01"},
		{"a/b", "a%2Fb"},
		{"../users", "..%2Fusers"},
		{"..", "%2E%2E"},
		{".", "%2E"},
		{"...", "%2E%2E%2E"},
		{".hidden", ".hidden"},
		{"a?b=c", "a%3Fb%3Dc"},
		{"a#b", "a%23b"},
		{"100%", "100%25"},
		{"%2F", "%252F"},
		{"a b+c", "a%20b%2Bc"},
		{"it's(1)", "it%27s%281%29"},
		{"é", "%C3%A9"},
		{"a;b,c:d@e&f=g$h", "a%3Bb%2Cc%3Ad%40e%26f%3Dg%24h"},
		{"\\x\n", "%5Cx%0A"},
	}
}

func TestPathSegment(t *testing.T) {
	for _, tt := range segmentCases() {
		t.Run(tt.id, func(t *testing.T) {
			got, err := PathSegment(tt.id)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			back, err := url.PathUnescape(got)
			require.NoError(t, err)
			assert.Equal(t, tt.id, back, "the escaped segment must decode to the id")
		})
	}
	_, err := PathSegment("")
	require.ErrorIs(t, err, ErrInvalidPathSegment)
}

// itemPath is how the SDK addresses one item: the collection URL, '/', the escaped id.
func itemPath(t *testing.T, collection, id string) string {
	t.Helper()
	seg, err := PathSegment(id)
	require.NoError(t, err)
	return collection + "/" + seg
}

// TestPathSegmentSurvivesURLParsing checks that every escaped id comes out of url.Parse,
// URL.String and URL.RequestURI unchanged, which is what http.NewRequest and the transport do.
func TestPathSegmentSurvivesURLParsing(t *testing.T) {
	const base = "https://graph.microsoft.com/beta"
	for _, tt := range segmentCases() {
		t.Run(tt.id, func(t *testing.T) {
			target := itemPath(t, base+"/industryData/runGroups", tt.id) + "/runs"
			req, err := http.NewRequest(http.MethodGet, target, nil)
			require.NoError(t, err)
			assert.Equal(t, target, req.URL.String())
			assert.Equal(t, "/beta/industryData/runGroups/"+tt.want+"/runs", req.URL.RequestURI())
		})
	}
}

// TestPathSegmentReachesServerVerbatim sends requests over loopback and checks the request target
// the server receives, so dot segments and encoded slashes are known not to be collapsed.
func TestPathSegmentReachesServerVerbatim(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.RequestURI)
	}))
	defer srv.Close()

	ids := []string{"..", ".", "a/b", "../users", "x?y#z"}
	var want []string
	for _, id := range ids {
		target := itemPath(t, srv.URL+"/industryData/runGroups", id)
		want = append(want, target[len(srv.URL):])
		resp, err := srv.Client().Get(target)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
	}
	assert.Equal(t, []string{
		"/industryData/runGroups/%2E%2E",
		"/industryData/runGroups/%2E",
		"/industryData/runGroups/a%2Fb",
		"/industryData/runGroups/..%2Fusers",
		"/industryData/runGroups/x%3Fy%23z",
	}, want)
	assert.Equal(t, want, got)
}
