package odata

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// PathSegment escapes id so that it addresses exactly one path segment, whatever it
// contains: every byte other than an RFC 3986 unreserved character is percent-encoded
// ('/' becomes %2F, '?' %3F, '#' %23, '%' %25), and an id made only of dots ("." or "..")
// has its dots encoded as %2E so that no client or server treats it as a dot-segment and
// walks up the path. The result is stable under url.Parse followed by URL.String or
// URL.RequestURI, so it reaches the server byte for byte.
//
// An empty id is an error wrapping ErrInvalidPathSegment: it would address the collection
// instead of one of its items.
func PathSegment(id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("%w: the id is empty", ErrInvalidPathSegment)
	}
	if !utf8.ValidString(id) {
		return "", fmt.Errorf("%w: the id is not valid UTF-8", ErrInvalidPathSegment)
	}
	return escapeSegment(id), nil
}

// escapeSegment percent-encodes everything but unreserved characters, and the dots of a
// dots-only segment.
func escapeSegment(s string) string {
	const hex = "0123456789ABCDEF"
	dotsOnly := strings.Trim(s, ".") == ""
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) && !(dotsOnly && c == '.') {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0F])
	}
	return b.String()
}
