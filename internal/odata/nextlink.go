package odata

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// CheckNextLink decides whether an @odata.nextLink may be followed, and returns it unchanged
// for verbatim use (Graph's links carry escapes such as %27 that must not be decoded and
// re-encoded).
//
// The link must be absolute, must use the same scheme and host (host name and port, default
// ports made explicit) as base, must carry no user info or fragment, must have a path that
// Go's HTTP client sends exactly as written, and must differ from prev, the link followed
// for the page that produced it: a service that hands back the same link again would
// otherwise be polled forever. Sending the request to any other host would hand it the
// client's bearer token.
//
// Errors wrap ErrInvalidNextLink and name the link's scheme, host and path, never its query
// or user info, which may carry tokens.
func CheckNextLink(link string, base *url.URL, prev string) (string, error) {
	if base == nil {
		return "", fmt.Errorf("%w: no base URL to compare it with", ErrInvalidNextLink)
	}
	if link == "" {
		return "", fmt.Errorf("%w: the link is empty", ErrInvalidNextLink)
	}
	if strings.Contains(link, "#") {
		return "", fmt.Errorf("%w: the link has a fragment, which would not be sent", ErrInvalidNextLink)
	}
	u, err := url.Parse(link)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the whole link, query included
		}
		return "", fmt.Errorf("%w: not a valid URL: %w", ErrInvalidNextLink, err)
	}
	if u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("%w: %s is not an absolute URL", ErrInvalidNextLink, describe(u))
	}
	if u.User != nil {
		return "", fmt.Errorf("%w: %s carries user info", ErrInvalidNextLink, describe(u))
	}
	if !strings.EqualFold(u.Scheme, base.Scheme) {
		return "", fmt.Errorf("%w: %s uses scheme %q, the client uses %q", ErrInvalidNextLink, describe(u), u.Scheme, base.Scheme)
	}
	if !sameHost(u, base) {
		return "", fmt.Errorf("%w: %s points at host %q, the client uses %q", ErrInvalidNextLink, describe(u), u.Host, base.Host)
	}
	if u.RawPath != "" && u.EscapedPath() != u.RawPath {
		return "", fmt.Errorf("%w: %s has a path that would be re-encoded before sending", ErrInvalidNextLink, describe(u))
	}
	if link == prev {
		return "", fmt.Errorf("%w: %s repeats the link just followed; stopping instead of looping", ErrInvalidNextLink, describe(u))
	}
	return link, nil
}

// sameHost compares host names case-insensitively and ports with the scheme's default
// filled in, so https://graph.microsoft.com and https://graph.microsoft.com:443 match.
func sameHost(a, b *url.URL) bool {
	return strings.EqualFold(a.Hostname(), b.Hostname()) && effectivePort(a) == effectivePort(b)
}

// effectivePort is the URL's port, or the default port of its scheme.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// describe names a URL for an error message without its query or user info.
func describe(u *url.URL) string {
	if u.Host == "" {
		return fmt.Sprintf("%q", u.EscapedPath())
	}
	return fmt.Sprintf("%q", u.Scheme+"://"+u.Host+u.EscapedPath())
}
