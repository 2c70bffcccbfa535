package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func members(t *testing.T, doc string) ([]string, []string, error) {
	t.Helper()
	var names, values []string
	err := Members([]byte(doc), func(name, v []byte) error {
		names = append(names, string(name))
		values = append(values, string(v))
		return nil
	})
	return names, values, err
}

func TestMembers(t *testing.T) {
	names, values, err := members(t, ` { "a" : 1 , "b\"c":"x\"}y", "d":{"e":[1,{"f":"]}"}]}, "g":[] ,"h":null,"i":-1.5e3,"j":true, "\u00e9":"é"} `)
	require.NoError(t, err)
	assert.Equal(t, []string{"a", `b"c`, "d", "g", "h", "i", "j", "é"}, names)
	assert.Equal(t, []string{"1", `"x\"}y"`, `{"e":[1,{"f":"]}"}]}`, "[]", "null", "-1.5e3", "true", `"é"`}, values)

	names, _, err = members(t, `{}`)
	require.NoError(t, err)
	assert.Empty(t, names)
}

func TestMembersRejectsWhatIsNotAnObject(t *testing.T) {
	for _, doc := range []string{``, `[]`, `"x"`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1} x`, `{"a":"unterminated}`, `{"a":[1,2}`, `{"a" 1}`} {
		_, _, err := members(t, doc)
		assert.Error(t, err, "%q", doc)
	}
	stop := errors.New("stop")
	err := Members([]byte(`{"a":1,"b":2}`), func(_, _ []byte) error { return stop })
	assert.ErrorIs(t, err, stop, "the callback's error is returned as is")
}

func TestElements(t *testing.T) {
	var got []string
	require.NoError(t, Elements([]byte(`[ 1, "a,b" ,{"x":[2]}, null ]`), func(i int, v []byte) error {
		assert.Equal(t, len(got), i)
		got = append(got, string(v))
		return nil
	}))
	assert.Equal(t, []string{"1", `"a,b"`, `{"x":[2]}`, "null"}, got)
	require.NoError(t, Elements([]byte(`[]`), func(int, []byte) error { t.Fatal("no elements"); return nil }))
	assert.Error(t, Elements([]byte(`{}`), func(int, []byte) error { return nil }))
	assert.Error(t, Elements([]byte(`[1 2]`), func(int, []byte) error { return nil }))
}

func TestString(t *testing.T) {
	for in, want := range map[string]string{`"plain"`: "plain", `"a\nb"`: "a\nb", `"\u00e9\ud83d\ude00"`: "é😀", "\"\xff\"": "\uFFFD", `""`: ""} {
		got, err := String([]byte(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := String([]byte(`12`))
	assert.Error(t, err)
}

// FuzzMembers checks the walker against encoding/json on arbitrary input: it never
// panics, and on every valid object it reports the same members with the same values.
func FuzzMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, `{"a":{"b":[1,"]"]},"c":"\\\""}`, `[1]`, `{"a":`, `{"\u0041":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := map[string]json.RawMessage{}
		err := Members(data, func(name, v []byte) error {
			got[string(name)] = json.RawMessage(v)
			return nil
		})
		var want map[string]json.RawMessage
		if json.Unmarshal(data, &want) != nil || want == nil {
			return // not an object: the walker may reject it or not, but must not panic
		}
		require.NoError(t, err, "valid object %q", data)
		for name, v := range got {
			require.True(t, json.Valid(v), "member %q: invalid value %q", name, v)
		}
		require.Len(t, got, len(want))
		for k, v := range want {
			assert.JSONEq(t, string(v), string(got[k]), "member %q", k)
		}
	})
}

// checkedWalk reports whether CheckedMembers (for an object) or Valid (otherwise)
// accepts data, and that every value CheckedMembers hands out is itself valid.
func checkedWalk(data []byte) error {
	t := bytes.TrimLeft(data, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return Valid(data)
	}
	return CheckedMembers(data, func(_, v []byte) error {
		if Valid(v) != nil {
			panic("CheckedMembers handed out an invalid value")
		}
		return nil
	})
}

var validitySeeds = []string{
	`{}`, `[]`, `1`, `"x"`, ` { "a" : [1, -2.5e+3, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9"] } `,
	`{"a":tru}`, `{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":1e}`, `{"a":"\x"}`, `{"a":"\u12"}`,
	"{\"a\":\"\x01\"}", `{"a":1,}`, `[1,]`, `{"a" 1}`, `{"a":1}x`, `{"a":[}`, `{"a":{"b":[1,{"c":null}]}}`,
	`{"a":nul}`, `{"a":truex}`, `[1 2]`, `{,}`, `{"a":"é"}`, "{\"a\":\"\xff\"}", `{"a":0.5E-7}`,
}

// TestCheckedAgreesWithValid holds the validating walker to json.Valid.
func TestCheckedAgreesWithValid(t *testing.T) {
	for _, s := range validitySeeds {
		assert.Equal(t, json.Valid([]byte(s)), checkedWalk([]byte(s)) == nil, "%q", s)
	}
	deep := `{"a":` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}`
	assert.Error(t, checkedWalk([]byte(deep)), "nesting beyond maxDepth")
}

// FuzzChecked checks on arbitrary input that CheckedMembers and Valid accept exactly what
// json.Valid accepts: the decoders rely on them instead of a json.Valid pass.
func FuzzChecked(f *testing.F) {
	for _, s := range validitySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := checkedWalk(data) == nil, json.Valid(data); got != want {
			t.Fatalf("%q: walker accepts %v, json.Valid %v", data, got, want)
		}
	})
}
