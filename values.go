package industrydata

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/industrydata/industrydata-go/internal/wire"
)

// Field constructors: each property kind is decoded, encoded and cleared in one place.

// stringField is a string property; S may be an evolvable enum, whose members, known
// or not, are all kept. A value listed in common (an enum's members, the usual
// @odata.type) is decoded without allocating: the constant is shared.
func stringField[T any, S ~string](name string, p func(*T) *S, common ...S) field[T] {
	return field[T]{
		text: func(m *T) string { return string(*p(m)) },
		name: name,
		decode: func(m *T, v []byte) error {
			if len(v) > 2 && v[0] == '"' {
				for _, c := range common {
					if string(v[1:len(v)-1]) == string(c) {
						*p(m) = c
						return nil
					}
				}
			}
			s, err := decodeString(v)
			*p(m) = S(s)
			return err
		},
		encode: func(m *T, b []byte) ([]byte, bool) {
			s := string(*p(m))
			if s == "" {
				return b, false
			}
			return appendString(b, s), true
		},
		clear: func(m *T) { *p(m) = "" },
	}
}

// graphTimeLayout is RFC 3339 with at most 7 fractional digits, the precision of Graph's
// DateTimeOffset (and of the SDK's $filter literals).
const graphTimeLayout = "2006-01-02T15:04:05.9999999Z07:00"

func timeField[T any](name string, p func(*T) *time.Time) field[T] {
	return field[T]{
		name: name,
		decode: func(m *T, v []byte) error {
			s, err := decodeString(v)
			if err != nil {
				return err
			}
			t, err := parseTimestamp(s)
			*p(m) = t
			return err
		},
		encode: func(m *T, b []byte) ([]byte, bool) {
			t := *p(m)
			if t.IsZero() {
				return b, false
			}
			b = append(b, '"')
			b = t.UTC().Truncate(100*time.Nanosecond).AppendFormat(b, graphTimeLayout)
			return append(b, '"'), true
		},
		clear: func(m *T) { *p(m) = time.Time{} },
	}
}

// objectField is a nested model held by pointer (nil when absent or null).
func objectField[T, E any](name string, s *schema[E], p func(*T) **E) field[T] {
	return field[T]{
		name: name,
		decode: func(m *T, v []byte) error {
			e := new(E)
			if err := s.decodeRaw(e, v); err != nil {
				return err
			}
			*p(m) = e
			return nil
		},
		encode: func(m *T, b []byte) ([]byte, bool) {
			e := *p(m)
			if e == nil {
				return b, false
			}
			return append(b, s.marshal(e)...), true
		},
		clear: func(m *T) { *p(m) = nil },
	}
}

// relationField is objectField for a relationship Graph may also expand as a collection:
// an array is kept verbatim instead of being rejected.
func relationField[T, E any](name string, s *schema[E], p func(*T) **E) field[T] {
	f := objectField(name, s, p)
	decode := f.decode
	f.decode = func(m *T, v []byte) error {
		if v[0] == '[' {
			return errKeepVerbatim
		}
		return decode(m, v)
	}
	return f
}

// listField is a collection of nested models.
func listField[T, E any](name string, s *schema[E], p func(*T) *[]*E) field[T] {
	return field[T]{
		name: name,
		decode: func(m *T, v []byte) error {
			list := []*E{} // an empty array stays an empty array, not an absent property
			err := wire.Elements(v, func(i int, ev []byte) error {
				if wire.IsNull(ev) {
					list = append(list, nil)
					return nil
				}
				e := new(E)
				if err := s.decodeRaw(e, ev); err != nil {
					return fmt.Errorf("[%d]: %w", i, err)
				}
				list = append(list, e)
				return nil
			})
			*p(m) = list
			return err
		},
		encode: func(m *T, b []byte) ([]byte, bool) {
			list := *p(m)
			if list == nil {
				return b, false
			}
			b = append(b, '[')
			for i, e := range list {
				if i > 0 {
					b = append(b, ',')
				}
				if e == nil {
					b = append(b, "null"...)
					continue
				}
				b = append(b, s.marshal(e)...)
			}
			return append(b, ']'), true
		},
		clear: func(m *T) { *p(m) = nil },
	}
}

func decodeString(v []byte) (string, error) {
	if len(v) == 0 || v[0] != '"' {
		return "", fmt.Errorf("want a JSON string, got %s %s", wire.Kind(v), clip(v))
	}
	if !utf8.Valid(v) {
		// encoding/json would silently replace the bytes; data is not changed behind
		// the caller's back.
		return "", fmt.Errorf("string is not valid UTF-8: %s", clip([]byte(strings.ToValidUTF8(string(v), "\uFFFD"))))
	}
	return wire.String(v)
}

// parseTimestamp reads a Graph timestamp: RFC 3339 with 0 to 9 fractional digits and
// Z or a numeric offset, or (as in innerError.date) no zone at all, which is read as UTC.
func parseTimestamp(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02T15:04:05.999999999", s); err == nil {
		return t, nil // time.Parse gives UTC when the layout has no zone
	}
	return time.Time{}, fmt.Errorf("invalid timestamp %s: want RFC 3339 like 2026-01-02T15:04:05.1234567Z", clip([]byte(strconv.Quote(s))))
}

// clip shortens a raw value for an error message.
func clip(v []byte) string {
	const max = 64
	if len(v) <= max {
		return string(v)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return string(v[:cut]) + "…"
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, as in encoding/json.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		// U+2028 and U+2029 are valid JSON but break JavaScript consumers of logs.
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
