// Package wire walks JSON documents without building them: it hands out the raw bytes
// of each object member or array element so that models can decode the properties they
// know and keep every other one verbatim, in a single pass over the input.
//
// The walker validates what it reads as json.Valid does (a fuzz test holds it to that),
// so a body is scanned once rather than validated first and walked after. It does not
// check UTF-8, as encoding/json does not: String replaces invalid bytes with U+FFFD.
package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrSyntax reports input that is not the JSON shape the walker was asked to read.
var ErrSyntax = errors.New("malformed JSON")

// Kind names the JSON type of a raw value, for error messages.
func Kind(v []byte) string {
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// IsNull reports whether a raw value is the literal null.
func IsNull(v []byte) bool { return len(v) == 4 && string(v) == "null" }

// Members calls fn for each member of the JSON object data, in document order, with the
// member's name (unescaped) and its raw value. It stops at the first error fn returns.
//
// A name without escapes, the common case, is a slice of data and costs no allocation:
// fn must not modify it, and must copy it (string(name)) to keep it.
//
// data must be valid JSON, as Valid checks it; the values Members, Elements and
// CheckedMembers hand out are. For a document not yet checked, use CheckedMembers.
func Members(data []byte, fn func(name, value []byte) error) error {
	return walkMembers(data, fn, skipTrusted, skipStringTrusted)
}

// CheckedMembers is Members for a document not yet checked: it validates every value as
// it skips it, as json.Valid would, so that a document is checked and walked in one pass.
// The values it hands out are valid, and can be walked with Members and Elements.
func CheckedMembers(data []byte, fn func(name, value []byte) error) error {
	return walkMembers(data, fn, skipValue, skipString)
}

// Valid checks that data is one JSON value, as json.Valid does, with the walker's error.
func Valid(data []byte) error {
	end, err := skipValue(data, skipSpace(data, 0))
	if err != nil {
		return err
	}
	return trailing(data, end)
}

func walkMembers(data []byte, fn func(name, value []byte) error, skip, skipName func([]byte, int) (int, error)) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return fmt.Errorf("want an object, got %s", Kind(data[min(i, len(data)):]))
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return trailing(data, i+1)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return fmt.Errorf("%w: want a member name at offset %d", ErrSyntax, i)
		}
		end, err := skipName(data, i)
		if err != nil {
			return err
		}
		name, err := memberName(data[i:end])
		if err != nil {
			return err
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return fmt.Errorf("%w: want ':' after member %q", ErrSyntax, name)
		}
		i = skipSpace(data, i+1)
		vend, err := skip(data, i)
		if err != nil {
			return fmt.Errorf("member %q: %w", name, err)
		}
		if err := fn(name, data[i:vend:vend]); err != nil {
			return err
		}
		i = skipSpace(data, vend)
		if i >= len(data) {
			return fmt.Errorf("%w: unterminated object", ErrSyntax)
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			return trailing(data, i+1)
		default:
			return fmt.Errorf("%w: want ',' or '}' after member %q", ErrSyntax, name)
		}
	}
}

// Elements calls fn for each element of the JSON array data, in order, with its index.
// data must be valid JSON, as for Members.
func Elements(data []byte, fn func(i int, value []byte) error) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return fmt.Errorf("want an array, got %s", Kind(data[min(i, len(data)):]))
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return trailing(data, i+1)
	}
	for n := 0; ; n++ {
		end, err := skipTrusted(data, i)
		if err != nil {
			return fmt.Errorf("element %d: %w", n, err)
		}
		if err := fn(n, data[i:end:end]); err != nil {
			return err
		}
		i = skipSpace(data, end)
		if i >= len(data) {
			return fmt.Errorf("%w: unterminated array", ErrSyntax)
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case ']':
			return trailing(data, i+1)
		default:
			return fmt.Errorf("%w: want ',' or ']' after element %d", ErrSyntax, n)
		}
	}
}

// String decodes a raw JSON string. Strings without escapes, the common case, cost one
// allocation; invalid UTF-8 is replaced by U+FFFD as encoding/json does.
func String(v []byte) (string, error) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", fmt.Errorf("want a string, got %s", Kind(v))
	}
	body := v[1 : len(v)-1]
	for _, c := range body {
		if c == '\\' || c == '"' || c < 0x20 || c >= utf8.RuneSelf {
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return "", fmt.Errorf("%w: %v", ErrSyntax, err)
			}
			return s, nil
		}
	}
	return string(body), nil
}

// memberName returns the unescaped name of a raw JSON string: a slice of raw when the
// name needs no decoding.
func memberName(raw []byte) ([]byte, error) {
	body := raw[1 : len(raw)-1 : len(raw)-1]
	for _, c := range body {
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			s, err := String(raw)
			return []byte(s), err
		}
	}
	return body, nil
}

func trailing(data []byte, i int) error {
	if i = skipSpace(data, i); i != len(data) {
		return fmt.Errorf("%w: unexpected data after the value at offset %d", ErrSyntax, i)
	}
	return nil
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// maxDepth bounds the nesting of arrays and objects, as encoding/json does, so that a
// hostile document cannot exhaust the stack.
const maxDepth = 10000

// skipString returns the offset just past the string starting at data[i] == '"',
// checking it as json.Valid does: valid escapes and no control characters.
func skipString(data []byte, i int) (int, error) {
	for j := i + 1; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			return j + 1, nil
		case c == '\\':
			if j++; j >= len(data) {
				return 0, fmt.Errorf("%w: unterminated string", ErrSyntax)
			}
			switch data[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(data) || !isHex(data[j+1]) || !isHex(data[j+2]) || !isHex(data[j+3]) || !isHex(data[j+4]) {
					return 0, fmt.Errorf("%w: invalid \\u escape at offset %d", ErrSyntax, j-1)
				}
				j += 4
			default:
				return 0, fmt.Errorf("%w: invalid escape at offset %d", ErrSyntax, j-1)
			}
		case c < 0x20:
			return 0, fmt.Errorf("%w: control character in string at offset %d", ErrSyntax, j)
		}
	}
	return 0, fmt.Errorf("%w: unterminated string", ErrSyntax)
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipValue returns the offset just past the value starting at data[i], checking that
// it is valid JSON: the walker validates what it skips, so a document needs no separate
// json.Valid pass.
func skipValue(data []byte, i int) (int, error) { return skipNested(data, i, 0) }

func skipNested(data []byte, i, depth int) (int, error) {
	if i >= len(data) {
		return 0, fmt.Errorf("%w: missing value", ErrSyntax)
	}
	switch c := data[i]; {
	case c == '"':
		return skipString(data, i)
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return 0, fmt.Errorf("%w: nested too deeply at offset %d", ErrSyntax, i)
		}
		return skipContainer(data, i, depth+1)
	case c == 't':
		return skipLiteral(data, i, "true")
	case c == 'f':
		return skipLiteral(data, i, "false")
	case c == 'n':
		return skipLiteral(data, i, "null")
	case c == '-' || isDigit(c):
		return skipNumber(data, i)
	default:
		return 0, fmt.Errorf("%w: unexpected %q at offset %d", ErrSyntax, c, i)
	}
}

// skipContainer skips the object or array starting at data[i].
func skipContainer(data []byte, i, depth int) (int, error) {
	start := i
	object := data[i] == '{'
	closing := byte(']')
	if object {
		closing = '}'
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == closing {
		return i + 1, nil
	}
	for {
		if object {
			if i >= len(data) || data[i] != '"' {
				return 0, fmt.Errorf("%w: want a member name at offset %d", ErrSyntax, i)
			}
			end, err := skipString(data, i)
			if err != nil {
				return 0, err
			}
			if i = skipSpace(data, end); i >= len(data) || data[i] != ':' {
				return 0, fmt.Errorf("%w: want ':' at offset %d", ErrSyntax, i)
			}
			i = skipSpace(data, i+1)
		}
		end, err := skipNested(data, i, depth)
		if err != nil {
			return 0, err
		}
		if i = skipSpace(data, end); i >= len(data) {
			return 0, fmt.Errorf("%w: unterminated %s", ErrSyntax, Kind(data[start:]))
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case closing:
			return i + 1, nil
		default:
			return 0, fmt.Errorf("%w: want ',' or %q at offset %d", ErrSyntax, closing, i)
		}
	}
}

// skipLiteral skips true, false or null.
func skipLiteral(data []byte, i int, lit string) (int, error) {
	if len(data)-i < len(lit) || string(data[i:i+len(lit)]) != lit {
		return 0, fmt.Errorf("%w: invalid literal at offset %d", ErrSyntax, i)
	}
	return i + len(lit), nil
}

// skipNumber skips a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func skipNumber(data []byte, i int) (int, error) {
	start := i
	if data[i] == '-' {
		i++
	}
	digits := func() bool {
		n := i
		for i < len(data) && isDigit(data[i]) {
			i++
		}
		return i > n
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case !digits():
		return 0, fmt.Errorf("%w: invalid number at offset %d", ErrSyntax, start)
	}
	if i < len(data) && data[i] == '.' {
		i++
		if !digits() {
			return 0, fmt.Errorf("%w: invalid number at offset %d", ErrSyntax, start)
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if !digits() {
			return 0, fmt.Errorf("%w: invalid number at offset %d", ErrSyntax, start)
		}
	}
	return i, nil
}

// skipStringTrusted is skipString for valid input: it only finds the closing quote.
func skipStringTrusted(data []byte, i int) (int, error) {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("%w: unterminated string", ErrSyntax)
}

// skipTrusted is skipValue for valid input: it counts brackets and finds the end of a
// scalar without checking them, which is several times faster.
func skipTrusted(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, fmt.Errorf("%w: missing value", ErrSyntax)
	}
	switch data[i] {
	case '"':
		return skipStringTrusted(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, err := skipStringTrusted(data, j)
				if err != nil {
					return 0, err
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, fmt.Errorf("%w: unterminated %s", ErrSyntax, Kind(data[i:]))
	default:
		j := i
		for j < len(data) {
			switch data[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				if j == i {
					return 0, fmt.Errorf("%w: missing value at offset %d", ErrSyntax, i)
				}
				return j, nil
			}
			j++
		}
		if j == i {
			return 0, fmt.Errorf("%w: missing value", ErrSyntax)
		}
		return j, nil
	}
}
