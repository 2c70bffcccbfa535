package industrydata

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
	"unicode/utf8"
)

// The fuzz targets run their seed corpus as ordinary tests in CI. For a longer search:
//
//	go test -run '^$' -fuzz '^FuzzRunGroupDecode$' -fuzztime 2m .
//
// (one target per command; see README "Fuzzing").

var decodeSeeds = []string{
	runGroupDoc,
	`{}`,
	`{"endDateTime":null,"status":"running"}`,
	`{"@odata.type":"#microsoft.graph.runGroup","runs":[{"@odata.type":"#microsoft.graph.runGroup","runs":[]}]}`,
	`{"startDateTime":"2026-01-02T03:04:05.1234567+05:30","x":{"y":[1,{"z":null}]}}`,
	`{"blockingError":{"details":[null,{"code":"a"}],"innerError":{"extra":"\u00e9\ud83d\ude00"}}}`,
	`{"displayName":"a\"b\\c\u0000","statistics":{}}`,
	`{"a":1,"a":2}`,
	`[1]`,
	`"x"`,
}

// fuzzRoundTrip checks what any decoder must do with arbitrary input: never panic, and
// for input it accepts, encode to valid JSON that decodes to the same encoding again.
func fuzzRoundTrip[T any](f *testing.F, decode func(*T, []byte) error, encode func(*T) []byte) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m := new(T)
		if decode(m, data) != nil {
			return
		}
		out := encode(m)
		if !json.Valid(out) {
			t.Fatalf("encoded invalid JSON %q from %q", out, data)
		}
		again := new(T)
		if err := decode(again, out); err != nil {
			t.Fatalf("cannot decode own output %q: %v", out, err)
		}
		if out2 := encode(again); !bytes.Equal(out, out2) {
			t.Fatalf("round trip not stable:\n%s\n%s", out, out2)
		}
	})
}

func FuzzRunGroupDecode(f *testing.F) {
	fuzzRoundTrip(f, (*RunGroup).UnmarshalJSON, runGroupSchema.marshal)
}

func FuzzRunDecode(f *testing.F) {
	fuzzRoundTrip(f, (*Run).UnmarshalJSON, runSchema.marshal)
}

func FuzzProcessDecode(f *testing.F) {
	fuzzRoundTrip(f, (*Process).UnmarshalJSON, processSchema.marshal)
}

func FuzzPublicErrorDecode(f *testing.F) {
	fuzzRoundTrip(f, (*PublicError).UnmarshalJSON, publicErrorSchema.marshal)
}

func FuzzErrorBody(f *testing.F) {
	for _, s := range []string{
		`{"error":{"code":"a","message":"b","innerError":{"date":"2021-07-02T01:40:19","request-id":"r"}}}`,
		`{"error":{"innererror":{"requestId":5}}}`, `{"error":null}`, `<html>`, ``, `{}`, "\xff",
	} {
		f.Add([]byte(s), 500)
	}
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}
		e := newError(resp, 0)
		if e.StatusCode != status {
			t.Fatalf("status %d, want %d", e.StatusCode, status)
		}
		if len(e.Excerpt) > maxExcerpt || !utf8.ValidString(e.Excerpt) {
			t.Fatalf("excerpt of %d bytes", len(e.Excerpt))
		}
		_ = e.Error()
	})
}

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"2", "2.128", "0", "Sun, 29 Nov 2026 05:00:10 GMT", "-1", "1e9", "", "  3 "} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := parseRetryAfter(v, now)
		if d < 0 {
			t.Fatalf("negative wait %v for %q", d, v)
		}
		if !ok && d != 0 {
			t.Fatalf("wait %v for rejected %q", d, v)
		}
	})
}

func FuzzDecodePage(f *testing.F) {
	for _, s := range []string{
		`{"value":[]}`, `{"value":[` + runGroupDoc + `],"@odata.nextLink":"https://graph.microsoft.com/beta/x?$skiptoken=a%27b","@odata.count":1}`,
		`{"value":[{"id":1}]}`, `{"value":{}}`, `{"value":[],"value":[]}`, `{"@odata.count":"x","value":[]}`, ``, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodePage(runGroupSchema, body)
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		for i, g := range p.Items {
			if g == nil {
				t.Fatalf("item %d is nil", i)
			}
			if out := runGroupSchema.marshal(g); !json.Valid(out) {
				t.Fatalf("item %d encodes to invalid JSON %q", i, out)
			}
		}
	})
}

func FuzzDecodeStringValue(f *testing.F) {
	for _, s := range []string{`{"value":"https://files.example/a?sig=x"}`, `{"value":null}`, `{"value":1}`, `{"value":"a","value":"b"}`, `{}`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := decodeStringValue(body)
		if err != nil {
			return
		}
		var want struct{ Value string }
		if json.Unmarshal(body, &want) != nil || want.Value != v {
			t.Fatalf("decoded %q from %q, encoding/json says %q", v, body, want.Value)
		}
	})
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2026-01-02T03:04:05Z", "2026-01-02T03:04:05.1234567+05:30", "2021-07-02T01:40:19", "2026-13-01T00:00:00Z", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := parseTimestamp(s)
		if err != nil {
			return
		}
		// What is accepted must survive the SDK's own encoding and decoding.
		out := tm.UTC().Truncate(100 * time.Nanosecond).Format(graphTimeLayout)
		back, err := parseTimestamp(out)
		if tm.Year() >= 1 && tm.Year() <= 9999 && (err != nil || !back.Equal(tm.Truncate(100*time.Nanosecond))) {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, tm, out, back, err)
		}
	})
}
