package odata

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidatePropertyAccepts(t *testing.T) {
	for _, name := range []string{
		"id",
		"displayName",
		"_private",
		"status2",
		"statistics/recordCount",
		"microsoft.graph.runGroup/status",
		"Zürich",
		"notes",  // starts like a keyword but is not one
		"orders", // ditto
		strings.Repeat("a", maxIdentifier),
	} {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, ValidateProperty(name))
		})
	}
}

func TestValidatePropertyRejects(t *testing.T) {
	tests := []struct {
		name     string
		wantText string
	}{
		{"", "empty"},
		{"status eq 'x' or id", "' '"},
		{"a b", "' ' at offset 1"},
		{"x)", "')' at offset 1"},
		{"x(", "'('"},
		{"a'b", `'\''`},
		{`a"b`, `'"'`},
		{"1abc", "'1' at offset 0"},
		{"a,b", "','"},
		{"a;b", "';'"},
		{"$filter", "'$'"},
		{"@p1", "'@'"},
		{"a-b", "'-'"},
		{"a/", "empty path segment at offset 2"},
		{"/a", "empty path segment at offset 0"},
		{"a//b", "empty path segment at offset 2"},
		{"a..b", "empty identifier at offset 2"},
		{".a", "empty identifier at offset 0"},
		{"null", "keyword"},
		{"TRUE", "keyword"},
		{"not", "keyword"},
		{"a/eq", "keyword"},
		{"desc", "keyword"},
		{"a\tb", `'\t'`},
		{"a\x00", `'\x00'`},
		{"a\xff", "UTF-8"},
		{strings.Repeat("a", maxIdentifier+1), "longer than 128"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateProperty(tt.name)
			require.ErrorIs(t, err, ErrInvalidProperty)
			assert.Contains(t, err.Error(), tt.wantText)
		})
	}
}

func TestCheckBalanced(t *testing.T) {
	ok := []string{
		"",
		"a eq 1",
		"(a eq 1) and (b eq 2)",
		"a eq ')'",
		"a eq '('",
		"a eq 'it''s'",
		"a eq ''''",
		`a eq '"'`,
		`x eq "a\"b"`,
		"contains(a,'x') or not (b eq 'y')",
	}
	for _, s := range ok {
		assert.NoError(t, CheckBalanced(s), s)
	}
	bad := map[string]string{
		"a eq 1) or (1 eq 1":  "no matching '('",
		"(a eq 1":             "unclosed",
		"a eq 'x":             "unterminated '",
		"a eq 'it''s":         "unterminated '",
		`x eq "a\"`:           `unterminated "`,
		"((a eq 1)":           "1 unclosed",
		"a eq ')' or b eq 1)": "no matching '('",
	}
	for s, want := range bad {
		err := CheckBalanced(s)
		if assert.Error(t, err, s) {
			assert.Contains(t, err.Error(), want, s)
		}
	}
}

func TestSplitTopLevel(t *testing.T) {
	got, err := splitTopLevel("a,b(c,d),'e,f',g", ',')
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b(c,d)", "'e,f'", "g"}, got)

	got, err = splitTopLevel("", ',')
	require.NoError(t, err)
	assert.Equal(t, []string{""}, got)

	_, err = splitTopLevel("a,(b", ',')
	assert.Error(t, err)
}
