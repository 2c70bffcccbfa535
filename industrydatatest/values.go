package industrydatatest

import (
	"cmp"
	"encoding/json"
	"strings"
	"time"
)

// valKind orders kinds for sorting mixed values: null sorts first, as OData
// requires for ascending order.
type valKind int

const (
	valNull valKind = iota
	valBool
	valNumber
	valString
	valGUID
	valTime
	valOther // objects and arrays: only comparable with null
)

// value is a comparable scalar taken from a document or a literal.
type value struct {
	kind valKind
	s    string
	f    float64
	b    bool
	t    time.Time
	enum bool // a qualified enum literal
}

func (v value) edmName() string {
	switch v.kind {
	case valNull:
		return "null"
	case valBool:
		return "Edm.Boolean"
	case valNumber:
		return "Edm.Double"
	case valGUID:
		return "Edm.Guid"
	case valTime:
		return "Edm.DateTimeOffset"
	case valString:
		if v.enum {
			return "enum"
		}
		return "Edm.String"
	}
	return "complex"
}

// lookup follows a property path through nested objects; a missing property
// reads as null.
func lookup(doc Document, path []string) any {
	var cur any = doc
	for _, seg := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[seg]
	}
	return cur
}

// toValue converts a JSON value; a DateTimeOffset property's string becomes an
// instant so that comparisons and sorting use time, not text.
func toValue(raw any, kind propKind, typed bool) value {
	switch x := raw.(type) {
	case nil:
		return value{kind: valNull}
	case bool:
		return value{kind: valBool, b: x}
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return value{kind: valOther}
		}
		return value{kind: valNumber, f: f}
	case float64:
		return value{kind: valNumber, f: x}
	case string:
		if typed && kind == kindDateTime {
			if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
				return value{kind: valTime, t: t}
			}
		}
		return value{kind: valString, s: x}
	}
	return value{kind: valOther}
}

// coerce makes a dynamically typed document value comparable with a literal:
// a string meets a DateTimeOffset literal as an instant, a GUID literal as text.
func coerce(v, lit value) value {
	if v.kind != valString {
		return v
	}
	switch lit.kind {
	case valTime:
		if t, err := time.Parse(time.RFC3339Nano, v.s); err == nil {
			return value{kind: valTime, t: t}
		}
	case valGUID:
		return value{kind: valGUID, s: strings.ToLower(v.s)}
	}
	return v
}

// compareValues orders two values of the same kind; ok is false when they
// cannot be compared (different kinds, or objects).
func compareValues(a, b value) (c int, ok bool) {
	if a.kind != b.kind {
		return 0, false
	}
	switch a.kind {
	case valNull:
		return 0, true
	case valBool:
		return cmpBool(a.b, b.b), true
	case valNumber:
		return cmp.Compare(a.f, b.f), true
	case valString, valGUID:
		return strings.Compare(a.s, b.s), true
	case valTime:
		return a.t.Compare(b.t), true
	}
	return 0, false
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// sortCompare orders any two values for $orderby: by kind first (null
// lowest), then within the kind.
func sortCompare(a, b value) int {
	if c, ok := compareValues(a, b); ok {
		return c
	}
	return cmp.Compare(a.kind, b.kind)
}
