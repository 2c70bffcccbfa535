package odata

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type statusLike string

type countLike int

func TestFormatLiteral(t *testing.T) {
	berlin := time.FixedZone("UTC+2", 2*60*60)
	s := "x"
	var nilString *string
	var nilTime *time.Time
	ts := time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC)
	n := 7
	pn := &n

	tests := []struct {
		name string
		in   any
		want string
	}{
		{"plain string", "abc", "'abc'"},
		{"empty string", "", "''"},
		{"embedded quote doubled", "O'Brien", "'O''Brien'"},
		{"only quotes", "''", "''''''"},
		{"injection stays one literal", "x' or 1 eq 1 or displayName eq 'y", "'x'' or 1 eq 1 or displayName eq ''y'"},
		{"unicode kept", "Zürich ✓", "'Zürich ✓'"},
		{"named string kind", statusLike("failed"), "'failed'"},
		{"pointer to string", &s, "'x'"},
		{"nil", nil, "null"},
		{"nil string pointer", nilString, "null"},
		{"nil time pointer", nilTime, "null"},
		{"true", true, "true"},
		{"false", false, "false"},
		{"int", 42, "42"},
		{"negative int64", int64(-9223372036854775808), "-9223372036854775808"},
		{"int8", int8(-5), "-5"},
		{"uint64 max", uint64(math.MaxUint64), "18446744073709551615"},
		{"named int", countLike(3), "3"},
		{"pointer to pointer to int", &pn, "7"},
		{"float", 2.5, "2.5"},
		{"float whole", 3.0, "3"},
		{"float32 shortest", float32(0.1), "0.1"},
		{"large float without exponent", 1e21, "1000000000000000000000"},
		{"small float without exponent", 1.5e-7, "0.00000015"},
		{"negative float", -0.25, "-0.25"},
		{"time UTC whole seconds", ts, "2026-01-02T12:00:00Z"},
		{"time pointer", &ts, "2026-01-02T12:00:00Z"},
		{"time from other zone becomes UTC with 7 digits", time.Date(2026, 1, 2, 14, 0, 0, 123456700, berlin), "2026-01-02T12:00:00.1234567Z"},
		{"time fraction trailing zeros trimmed", time.Date(2026, 1, 2, 12, 0, 0, 500000000, time.UTC), "2026-01-02T12:00:00.5Z"},
		{"time below 100ns truncated", time.Date(2026, 1, 2, 12, 0, 0, 123456789, time.UTC), "2026-01-02T12:00:00.1234567Z"},
		{"zero time", time.Time{}, "0001-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FormatLiteral(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFormatLiteralRejects(t *testing.T) {
	tests := []struct {
		name     string
		in       any
		wantText string
	}{
		{"struct", struct{ A int }{1}, "struct { A int }"},
		{"slice", []string{"a"}, "[]string"},
		{"map", map[string]int{}, "map[string]int"},
		{"bytes", []byte("a"), "[]uint8"},
		{"complex", complex(1, 2), "complex128"},
		{"duration", time.Second, "time.Duration"},
		{"NaN", math.NaN(), "not a finite number"},
		{"+Inf", math.Inf(1), "not a finite number"},
		{"-Inf float32", float32(math.Inf(-1)), "not a finite number"},
		{"invalid UTF-8", "a\xffb", "not valid UTF-8"},
		{"year after 9999", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "year 10000"},
		{"year before 1", time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC), "year 0"},
		{"channel", make(chan int), "chan int"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FormatLiteral(tt.in)
			require.ErrorIs(t, err, ErrUnsupportedLiteral)
			assert.Contains(t, err.Error(), tt.wantText)
			assert.Empty(t, got)
		})
	}
}

func TestQuoteSearch(t *testing.T) {
	assert.Equal(t, `"run 1"`, quoteSearch("run 1"))
	assert.Equal(t, `"say \"hi\""`, quoteSearch(`say "hi"`))
	assert.Equal(t, `"a\\b"`, quoteSearch(`a\b`))
	assert.Equal(t, `"\\\""`, quoteSearch(`\"`))
}
