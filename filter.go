package industrydata

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/industrydata/industrydata-go/internal/odata"
)

// Filter is a $filter expression built from typed constructors, so that values are always
// rendered as OData literals and property names are always checked: no value or name can
// change the structure of the expression. The zero value means no filter.
//
// A constructor given a bad property name or a value with no OData literal does not panic
// and does not return an error on the spot; the Filter carries the error (see Err), And, Or
// and Not pass it on, and the query reports it before sending anything. This keeps filter
// expressions composable in one statement.
type Filter struct {
	expr string
	kind filterKind
	err  error
}

// filterKind records how an expression binds, to decide where parentheses are needed
// when it is combined with others.
type filterKind uint8

const (
	kindNone filterKind = iota // the zero Filter: no expression
	kindTerm                   // comparison, function call or not (...): binds tightest
	kindAnd                    // a and b
	kindOr                     // a or b
	kindRaw                    // RawFilter text: structure unknown, always parenthesized when combined
)

// Eq matches items whose property equals value (property eq value).
//
// value is rendered as an OData literal: strings and string-based types such as RunStatus
// single-quoted with embedded quotes doubled; time.Time as a UTC DateTimeOffset; numbers and
// booleans as themselves; nil (or a nil pointer) as null, so Eq("endDateTime", nil) finds
// runs still in progress. Other types make the Filter carry an error.
func Eq(property string, value any) Filter { return compare("Eq", "eq", property, value) }

// Ne matches items whose property differs from value (property ne value). See Eq for how
// value is rendered.
func Ne(property string, value any) Filter { return compare("Ne", "ne", property, value) }

// Gt matches items whose property is greater than value (property gt value). See Eq for how
// value is rendered.
func Gt(property string, value any) Filter { return compare("Gt", "gt", property, value) }

// Ge matches items whose property is greater than or equal to value (property ge value).
// See Eq for how value is rendered.
func Ge(property string, value any) Filter { return compare("Ge", "ge", property, value) }

// Lt matches items whose property is less than value (property lt value). See Eq for how
// value is rendered.
func Lt(property string, value any) Filter { return compare("Lt", "lt", property, value) }

// Le matches items whose property is less than or equal to value (property le value).
// See Eq for how value is rendered.
func Le(property string, value any) Filter { return compare("Le", "le", property, value) }

// In matches items whose property equals one of values (property in (v1,v2,...)). A slice
// or array argument contributes its elements, so In("status", statuses) works as well as
// In("status", a, b). Each value is rendered as Eq renders it; at least one is required.
func In(property string, values ...any) Filter {
	if err := odata.ValidateProperty(property); err != nil {
		return failed("In", property, err)
	}
	lits := make([]string, 0, len(values))
	for _, v := range flatten(values) {
		lit, err := odata.FormatLiteral(v)
		if err != nil {
			return failed("In", property, err)
		}
		lits = append(lits, lit)
	}
	if len(lits) == 0 {
		return failed("In", property, errors.New("at least one value is required"))
	}
	return Filter{expr: property + " in (" + strings.Join(lits, ",") + ")", kind: kindTerm}
}

// StartsWith matches items whose string property begins with prefix
// (startswith(property,'prefix')).
func StartsWith(property, prefix string) Filter {
	return function("StartsWith", "startswith", property, prefix)
}

// EndsWith matches items whose string property ends with suffix
// (endswith(property,'suffix')).
func EndsWith(property, suffix string) Filter {
	return function("EndsWith", "endswith", property, suffix)
}

// Contains matches items whose string property contains substr
// (contains(property,'substr')).
func Contains(property, substr string) Filter {
	return function("Contains", "contains", property, substr)
}

// And matches items that match every filter. Zero-value Filters are skipped as absent; with
// one filter left, And returns it unchanged, and with none it returns the zero Filter (no
// filter). Or operands are parenthesized; nested Ands are flattened. The first error among
// the operands becomes the result's error.
func And(filters ...Filter) Filter { return combine(kindAnd, filters) }

// Or matches items that match at least one filter. Zero-value Filters are skipped as absent
// (they do not mean "everything"); with one filter left, Or returns it unchanged, and with
// none it returns the zero Filter (no filter). And operands are parenthesized; nested Ors are
// flattened. The first error among the operands becomes the result's error.
func Or(filters ...Filter) Filter { return combine(kindOr, filters) }

// Not matches items that do not match f, rendered as not (f). Negating the zero Filter is an
// error rather than a filter: "not no filter" has no sensible meaning, and guessing either
// "everything" or "nothing" could silently change what a caller acts on.
func Not(f Filter) Filter {
	switch {
	case f.err != nil:
		return Filter{err: f.err}
	case f.kind == kindNone:
		return Filter{err: errors.New("industrydata: filter Not: the filter to negate is empty")}
	}
	return Filter{expr: "not (" + f.expr + ")", kind: kindTerm}
}

// RawFilter sends expr as the $filter expression as given, for what the typed constructors
// do not cover (lambda operators such as any/all, arithmetic, other functions). The caller
// is responsible for quoting literals in expr; never build it from untrusted input.
//
// expr must be valid UTF-8 without control characters, and its parentheses and quotes must
// balance, so that combining it with And, Or or Not cannot regroup the other operands. An
// empty or all-blank expr gives the zero Filter.
func RawFilter(expr string) Filter {
	if strings.TrimSpace(expr) == "" {
		return Filter{}
	}
	if !utf8.ValidString(expr) {
		return Filter{err: errors.New("industrydata: filter RawFilter: the expression is not valid UTF-8")}
	}
	if i := strings.IndexFunc(expr, unicode.IsControl); i >= 0 {
		return Filter{err: fmt.Errorf("industrydata: filter RawFilter: control character at offset %d", i)}
	}
	if err := odata.CheckBalanced(expr); err != nil {
		return Filter{err: fmt.Errorf("industrydata: filter RawFilter: %w", err)}
	}
	return Filter{expr: expr, kind: kindRaw}
}

// String returns the rendered expression, as sent in $filter, or "" for the zero Filter and
// for a Filter that carries an error.
func (f Filter) String() string {
	if f.err != nil {
		return ""
	}
	return f.expr
}

// Err returns the first error met while building the filter, naming the constructor and
// property it came from, or nil.
func (f Filter) Err() error { return f.err }

// IsZero reports whether f is the zero Filter (no filter, no error).
func (f Filter) IsZero() bool { return f.kind == kindNone && f.err == nil }

// compare renders "property op literal".
func compare(ctor, op, property string, value any) Filter {
	if err := odata.ValidateProperty(property); err != nil {
		return failed(ctor, property, err)
	}
	lit, err := odata.FormatLiteral(value)
	if err != nil {
		return failed(ctor, property, err)
	}
	return Filter{expr: property + " " + op + " " + lit, kind: kindTerm}
}

// function renders "name(property,'arg')".
func function(ctor, name, property, arg string) Filter {
	if err := odata.ValidateProperty(property); err != nil {
		return failed(ctor, property, err)
	}
	lit, err := odata.FormatLiteral(arg)
	if err != nil {
		return failed(ctor, property, err)
	}
	return Filter{expr: name + "(" + property + "," + lit + ")", kind: kindTerm}
}

// failed builds a Filter that carries err, naming the constructor and the property.
func failed(ctor, property string, err error) Filter {
	return Filter{err: fmt.Errorf("industrydata: filter %s(%q): %w", ctor, property, err)}
}

// combine joins operands with and/or, skipping zero Filters and parenthesizing operands that
// bind more loosely than the operator or whose structure is unknown.
func combine(kind filterKind, filters []Filter) Filter {
	op := " and "
	if kind == kindOr {
		op = " or "
	}
	var parts []string
	var only Filter
	for _, f := range filters {
		if f.err != nil {
			return Filter{err: f.err}
		}
		switch f.kind {
		case kindNone:
			continue
		case kindTerm, kind:
			parts = append(parts, f.expr)
		default:
			parts = append(parts, "("+f.expr+")")
		}
		only = f
	}
	switch len(parts) {
	case 0:
		return Filter{}
	case 1:
		return only
	}
	return Filter{expr: strings.Join(parts, op), kind: kind}
}

// flatten expands slice and array arguments (other than byte slices, which are not lists
// of values) into their elements.
func flatten(values []any) []any {
	out := make([]any, 0, len(values))
	for _, v := range values {
		rv := reflect.ValueOf(v)
		if (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array) && rv.Type().Elem().Kind() != reflect.Uint8 {
			for i := range rv.Len() {
				out = append(out, rv.Index(i).Interface())
			}
			continue
		}
		out = append(out, v)
	}
	return out
}
