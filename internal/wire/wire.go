// Package wire walks JSON documents without building them: it hands out the raw bytes
// of each object member or array element so that models can decode the properties they
// know and keep every other one verbatim, in a single pass over the input.
//
// The walker expects input that json.Valid accepts (callers validate a whole body once);
// on anything else it returns an error rather than panicking, but it does not promise to
// reject every malformed document.
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
func Members(data []byte, fn func(name string, value []byte) error) error {
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
		end, err := skipString(data, i)
		if err != nil {
			return err
		}
		name, err := String(data[i:end])
		if err != nil {
			return err
		}
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return fmt.Errorf("%w: want ':' after member %q", ErrSyntax, name)
		}
		i = skipSpace(data, i+1)
		vend, err := skipValue(data, i)
		if err != nil {
			return fmt.Errorf("member %q: %w", name, err)
		}
		if err := fn(name, data[i:vend]); err != nil {
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
		end, err := skipValue(data, i)
		if err != nil {
			return fmt.Errorf("element %d: %w", n, err)
		}
		if err := fn(n, data[i:end]); err != nil {
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

// skipString returns the offset just past the string starting at data[i] == '"'.
func skipString(data []byte, i int) (int, error) {
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

// skipValue returns the offset just past the value starting at data[i].
func skipValue(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, fmt.Errorf("%w: missing value", ErrSyntax)
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, err := skipString(data, j)
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
