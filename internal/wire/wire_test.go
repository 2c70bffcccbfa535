package wire

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func members(t *testing.T, doc string) ([]string, []string, error) {
	t.Helper()
	var names, values []string
	err := Members([]byte(doc), func(name string, v []byte) error {
		names = append(names, name)
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
	err := Members([]byte(`{"a":1,"b":2}`), func(string, []byte) error { return stop })
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
		err := Members(data, func(name string, v []byte) error {
			got[name] = json.RawMessage(v)
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
