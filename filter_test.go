package industrydata_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
)

// tier is a caller's own string-based enum, formatted like RunStatus.
type tier string

func TestFilterComparisons(t *testing.T) {
	berlin := time.FixedZone("UTC+2", 2*60*60)
	var nilTime *time.Time
	tests := []struct {
		name string
		f    industrydata.Filter
		want string
	}{
		{"eq string", industrydata.Eq("displayName", "Nightly"), "displayName eq 'Nightly'"},
		{"quote injection stays one literal", industrydata.Eq("displayName", "x' or 1 eq 1 or displayName eq 'y"),
			"displayName eq 'x'' or 1 eq 1 or displayName eq ''y'"},
		{"run status", industrydata.Eq("status", industrydata.RunStatusFailed), "status eq 'failed'"},
		{"readiness status", industrydata.Ne("readinessStatus", industrydata.ReadinessStatusReady), "readinessStatus ne 'ready'"},
		{"own string type", industrydata.Eq("tier", tier("gold")), "tier eq 'gold'"},
		{"null", industrydata.Eq("endDateTime", nil), "endDateTime eq null"},
		{"nil pointer is null", industrydata.Ne("endDateTime", nilTime), "endDateTime ne null"},
		{"time in other zone to UTC, 7 digits", industrydata.Ge("startDateTime", time.Date(2026, 1, 2, 14, 0, 0, 123456700, berlin)),
			"startDateTime ge 2026-01-02T12:00:00.1234567Z"},
		{"gt int", industrydata.Gt("statistics/recordCount", 10), "statistics/recordCount gt 10"},
		{"lt float", industrydata.Lt("score", 0.5), "score lt 0.5"},
		{"le bool", industrydata.Le("flag", true), "flag le true"},
		{"startswith", industrydata.StartsWith("displayName", "Night"), "startswith(displayName,'Night')"},
		{"endswith with quote", industrydata.EndsWith("displayName", "'s"), "endswith(displayName,'''s')"},
		{"contains", industrydata.Contains("displayName", "a)b"), "contains(displayName,'a)b')"},
		{"in mixed values", industrydata.In("status", industrydata.RunStatusFailed, "running", 3, nil, true),
			"status in ('failed','running',3,null,true)"},
		{"in from slice", industrydata.In("id", []string{"a", "b'c"}), "id in ('a','b''c')"},
		{"in from slice and values", industrydata.In("status", []industrydata.RunStatus{industrydata.RunStatusFailed}, "x"),
			"status in ('failed','x')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.f.Err())
			assert.Equal(t, tt.want, tt.f.String())
			assert.False(t, tt.f.IsZero())
		})
	}
}

func TestFilterRejectsPropertyNames(t *testing.T) {
	for _, name := range []string{"status eq 'x' or id", "a b", "", "x)", "(x", "a,b", "null", "$top", "a'"} {
		ctors := map[string]industrydata.Filter{
			"Eq":         industrydata.Eq(name, 1),
			"Ne":         industrydata.Ne(name, 1),
			"Gt":         industrydata.Gt(name, 1),
			"Ge":         industrydata.Ge(name, 1),
			"Lt":         industrydata.Lt(name, 1),
			"Le":         industrydata.Le(name, 1),
			"In":         industrydata.In(name, 1),
			"StartsWith": industrydata.StartsWith(name, "x"),
			"EndsWith":   industrydata.EndsWith(name, "x"),
			"Contains":   industrydata.Contains(name, "x"),
		}
		for ctor, f := range ctors {
			t.Run(ctor+"/"+name, func(t *testing.T) {
				err := f.Err()
				require.Error(t, err)
				assert.Contains(t, err.Error(), ctor+"(")
				assert.Contains(t, err.Error(), "invalid property name")
				assert.Empty(t, f.String())
				assert.False(t, f.IsZero())
			})
		}
	}
}

func TestFilterRejectsValues(t *testing.T) {
	tests := []struct {
		name     string
		f        industrydata.Filter
		wantText string
	}{
		{"struct", industrydata.Eq("status", struct{}{}), `Eq("status")`},
		{"duration", industrydata.Gt("elapsed", time.Minute), "time.Duration"},
		{"byte slice", industrydata.Eq("data", []byte("x")), "[]uint8"},
		{"in without values", industrydata.In("status"), "at least one value"},
		{"in with empty slice", industrydata.In("status", []string{}), "at least one value"},
		{"in with bad element", industrydata.In("status", "a", map[string]int{}), "map[string]int"},
		{"invalid UTF-8", industrydata.StartsWith("displayName", "\xff"), "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Error(t, tt.f.Err())
			assert.Contains(t, tt.f.Err().Error(), tt.wantText)
			assert.Empty(t, tt.f.String())
		})
	}
}

func TestFilterNesting(t *testing.T) {
	a := industrydata.Eq("a", 1)
	b := industrydata.Eq("b", 2)
	c := industrydata.Eq("c", 3)
	d := industrydata.Eq("d", 4)
	raw := industrydata.RawFilter("runs/any(r: r/status eq 'failed')")
	tests := []struct {
		name string
		f    industrydata.Filter
		want string
	}{
		{"and", industrydata.And(a, b), "a eq 1 and b eq 2"},
		{"or", industrydata.Or(a, b, c), "a eq 1 or b eq 2 or c eq 3"},
		{"or inside and", industrydata.And(industrydata.Or(a, b), c), "(a eq 1 or b eq 2) and c eq 3"},
		{"and inside or", industrydata.Or(industrydata.And(a, b), industrydata.And(c, d)), "(a eq 1 and b eq 2) or (c eq 3 and d eq 4)"},
		{"and inside and flattened", industrydata.And(industrydata.And(a, b), c), "a eq 1 and b eq 2 and c eq 3"},
		{"or inside or flattened", industrydata.Or(a, industrydata.Or(b, c)), "a eq 1 or b eq 2 or c eq 3"},
		{"not", industrydata.Not(a), "not (a eq 1)"},
		{"not of or", industrydata.Not(industrydata.Or(a, b)), "not (a eq 1 or b eq 2)"},
		{"not inside and", industrydata.And(industrydata.Not(a), b), "not (a eq 1) and b eq 2"},
		{"double not", industrydata.Not(industrydata.Not(a)), "not (not (a eq 1))"},
		{"deep", industrydata.Or(industrydata.And(a, industrydata.Or(b, industrydata.Not(c))), d),
			"(a eq 1 and (b eq 2 or not (c eq 3))) or d eq 4"},
		{"raw parenthesized in and", industrydata.And(raw, a), "(runs/any(r: r/status eq 'failed')) and a eq 1"},
		{"raw parenthesized in or", industrydata.Or(a, raw), "a eq 1 or (runs/any(r: r/status eq 'failed'))"},
		{"raw alone unchanged", industrydata.And(raw), "runs/any(r: r/status eq 'failed')"},
		{"not of raw", industrydata.Not(raw), "not (runs/any(r: r/status eq 'failed'))"},
		{"single operand unchanged", industrydata.Or(industrydata.And(a, b)), "a eq 1 and b eq 2"},
		{"single and inside or stays unparenthesized", industrydata.And(industrydata.Or(industrydata.And(a, b)), c), "a eq 1 and b eq 2 and c eq 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.f.Err())
			assert.Equal(t, tt.want, tt.f.String())
		})
	}
}

func TestFilterZeroValues(t *testing.T) {
	var zero industrydata.Filter
	a := industrydata.Eq("a", 1)
	assert.True(t, zero.IsZero())
	assert.Empty(t, zero.String())
	assert.NoError(t, zero.Err())

	assert.True(t, industrydata.And().IsZero(), "And() is no filter")
	assert.True(t, industrydata.Or().IsZero(), "Or() is no filter")
	assert.True(t, industrydata.And(zero, zero).IsZero())
	assert.True(t, industrydata.Or(zero).IsZero())
	assert.Equal(t, "a eq 1", industrydata.And(zero, a, zero).String())
	assert.Equal(t, "a eq 1", industrydata.Or(zero, a).String())
	assert.True(t, industrydata.RawFilter("").IsZero())
	assert.True(t, industrydata.RawFilter("  ").IsZero())

	n := industrydata.Not(zero)
	require.Error(t, n.Err())
	assert.Contains(t, n.Err().Error(), "Not")
	assert.False(t, n.IsZero())
}

func TestFilterErrorsPropagate(t *testing.T) {
	bad := industrydata.Eq("a b", 1)
	worse := industrydata.Gt("x)", struct{}{})
	ok := industrydata.Eq("c", 1)
	for name, f := range map[string]industrydata.Filter{
		"and":        industrydata.And(ok, bad),
		"or":         industrydata.Or(bad, ok),
		"not":        industrydata.Not(bad),
		"deep":       industrydata.Or(ok, industrydata.And(ok, industrydata.Not(bad))),
		"first wins": industrydata.And(bad, worse),
	} {
		t.Run(name, func(t *testing.T) {
			require.Error(t, f.Err())
			assert.Same(t, bad.Err(), f.Err(), "the operand's error is passed on as is")
			assert.Contains(t, f.Err().Error(), `Eq("a b")`)
			assert.Empty(t, f.String())
		})
	}
	// An error is not swallowed by a zero operand next to it.
	assert.Error(t, industrydata.And(industrydata.Filter{}, bad).Err())
}

func TestRawFilter(t *testing.T) {
	f := industrydata.RawFilter("startDateTime ge 2026-01-01T00:00:00Z and runs/any(r: r/status eq 'failed')")
	require.NoError(t, f.Err())
	assert.Equal(t, "startDateTime ge 2026-01-01T00:00:00Z and runs/any(r: r/status eq 'failed')", f.String())

	for expr, want := range map[string]string{
		"a eq 1) or (1 eq 1": "no matching '('",
		"(a eq 1":            "unclosed",
		"a eq 'x":            "unterminated",
		"a eq 1\nor b eq 2":  "control character at offset 6",
		"a eq '\x00'":        "control character",
		"a eq '\xff'":        "UTF-8",
	} {
		got := industrydata.RawFilter(expr)
		if assert.Error(t, got.Err(), expr) {
			assert.Contains(t, got.Err().Error(), want, expr)
			assert.Contains(t, got.Err().Error(), "RawFilter", expr)
		}
	}
}

// FuzzEq checks that no property name or string value can give an Eq filter any other shape
// than "property eq 'literal'" with the literal reading back as the value.
func FuzzEq(f *testing.F) {
	f.Add("displayName", "x' or 1 eq 1 or displayName eq 'y")
	f.Add("status eq 'x' or id", "v")
	f.Add("a", "'")
	f.Add("a/b", ") or (")
	f.Fuzz(func(t *testing.T, property, value string) {
		flt := industrydata.Eq(property, value)
		if flt.Err() != nil {
			return
		}
		expr := flt.String()
		prop, lit, ok := strings.Cut(expr, " eq ")
		if !ok || prop != property {
			t.Fatalf("%q does not start with the property %q", expr, property)
		}
		if strings.ContainsAny(prop, " '()\"$@,;") {
			t.Fatalf("accepted property %q carries syntax", prop)
		}
		if got, ok := readQuoted(lit); !ok || got != value {
			t.Fatalf("literal %q does not read back as %q", lit, value)
		}
	})
}

// readQuoted reads one OData string literal that must span all of lit, the way a service
// does: two quotes inside stand for one, and a lone quote ends the literal.
func readQuoted(lit string) (string, bool) {
	if len(lit) < 2 || lit[0] != '\'' {
		return "", false
	}
	var b strings.Builder
	for i := 1; i < len(lit); i++ {
		switch {
		case lit[i] != '\'':
			b.WriteByte(lit[i])
		case i+1 < len(lit) && lit[i+1] == '\'':
			b.WriteByte('\'')
			i++
		default:
			return b.String(), i == len(lit)-1
		}
	}
	return "", false
}
