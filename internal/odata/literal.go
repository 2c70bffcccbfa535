package odata

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// dateTimeLayout renders Edm.DateTimeOffset in UTC with at most seven fractional digits
// (100 ns, the resolution Graph stores) and no trailing zeros, so whole seconds stay short.
const dateTimeLayout = "2006-01-02T15:04:05.9999999Z07:00"

// FormatLiteral renders v as an OData literal for use in $filter, so that a value can never
// be read by the service as anything but one literal:
//
//   - nil, and a nil pointer, become null; other pointers are followed;
//   - any value whose kind is string (including named types such as a status enum) becomes a
//     single-quoted string in which each embedded quote is written twice; it must be
//     valid UTF-8;
//   - time.Time becomes an unquoted UTC DateTimeOffset (2026-01-02T12:00:00Z), keeping up to
//     seven fractional digits and truncating finer precision; the year must be 1 to 9999;
//   - bool becomes true or false;
//   - every integer kind becomes its decimal digits;
//   - float kinds become the shortest decimal that reads back as the same value, never with an
//     exponent; NaN and the infinities are rejected.
//
// Anything else (structs, slices, maps, time.Duration, complex numbers) is an error that
// wraps ErrUnsupportedLiteral and names the Go type.
func FormatLiteral(v any) (string, error) {
	if v == nil {
		return "null", nil
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "null", nil
		}
		rv = rv.Elem()
	}
	switch x := rv.Interface().(type) {
	case time.Time:
		return formatTime(x)
	case time.Duration:
		return "", fmt.Errorf("%w: Go type %T has no agreed OData form; format it yourself and use a raw filter", ErrUnsupportedLiteral, v)
	}
	switch rv.Kind() {
	case reflect.String:
		s := rv.String()
		if !utf8.ValidString(s) {
			return "", fmt.Errorf("%w: string of Go type %T is not valid UTF-8", ErrUnsupportedLiteral, v)
		}
		return quoteString(s), nil
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "", fmt.Errorf("%w: %v (Go type %T) is not a finite number", ErrUnsupportedLiteral, f, v)
		}
		return strconv.FormatFloat(f, 'f', -1, rv.Type().Bits()), nil
	}
	return "", fmt.Errorf("%w: cannot format a value of Go type %T as an OData literal", ErrUnsupportedLiteral, v)
}

// quoteString wraps s in single quotes and doubles the quotes inside it, which is the only
// escaping an OData string literal has.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// formatTime renders t as a UTC DateTimeOffset literal.
func formatTime(t time.Time) (string, error) {
	u := t.UTC()
	if y := u.Year(); y < 1 || y > 9999 {
		return "", fmt.Errorf("%w: time year %d is outside the DateTimeOffset range 1-9999", ErrUnsupportedLiteral, y)
	}
	return u.Format(dateTimeLayout), nil
}

// quoteSearch wraps a $search phrase in double quotes, escaping backslashes and double
// quotes with a backslash as OData 4.01 specifies for search phrases.
func quoteSearch(phrase string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(phrase) + `"`
}
