package odata

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// readStringLiteral is a minimal reader for OData string literals, written the way a
// service parses them: a quote opens the literal, two quotes stand for one, and a single
// quote must close it at the very end.
func readStringLiteral(lit string) (string, error) {
	if len(lit) < 2 || lit[0] != '\'' {
		return "", errors.New("literal does not start with a quote")
	}
	var b strings.Builder
	for i := 1; i < len(lit); i++ {
		if lit[i] != '\'' {
			b.WriteByte(lit[i])
			continue
		}
		if i+1 < len(lit) && lit[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		if i != len(lit)-1 {
			return "", fmt.Errorf("literal closes at offset %d, before its end", i)
		}
		return b.String(), nil
	}
	return "", errors.New("unterminated literal")
}

func FuzzFormatLiteral(f *testing.F) {
	for _, s := range []string{"", "a", "'", "''", "O'Brien", "x' or 1 eq 1 or displayName eq 'y",
		"a+b&c#d%e;f", "é\n\t\x00", `"\`, "'''", "a\xffb", ")(", "%27"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lit, err := FormatLiteral(s)
		if !utf8.ValidString(s) {
			if err == nil {
				t.Fatalf("invalid UTF-8 %q was accepted as %q", s, lit)
			}
			return
		}
		if err != nil {
			t.Fatalf("FormatLiteral(%q): %v", s, err)
		}
		back, err := readStringLiteral(lit)
		if err != nil || back != s {
			t.Fatalf("literal %q reads back as %q (%v), want %q", lit, back, err, s)
		}
		// The same must hold after the query string has been built and decoded.
		const prefix = "displayName eq "
		vals, err := url.ParseQuery(Query{Filter: prefix + lit}.Encode())
		if err != nil {
			t.Fatalf("encoded query does not parse: %v", err)
		}
		if len(vals) != 1 {
			t.Fatalf("literal %q produced %d query parameters", lit, len(vals))
		}
		got, ok := strings.CutPrefix(vals.Get("$filter"), prefix)
		if !ok {
			t.Fatalf("decoded $filter lost its prefix: %q", vals.Get("$filter"))
		}
		if back, err := readStringLiteral(got); err != nil || back != s {
			t.Fatalf("decoded literal %q reads back as %q (%v), want %q", got, back, err, s)
		}
	})
}

func FuzzFormatTimeLiteral(f *testing.F) {
	f.Add(int64(1767355200), int64(123456789), 7200)
	f.Add(int64(0), int64(0), 0)
	f.Add(int64(-62135596800), int64(0), -3600)
	f.Add(int64(253402300799), int64(999999999), 0)
	f.Fuzz(func(t *testing.T, sec, nsec int64, offset int) {
		tm := time.Unix(sec, nsec).In(time.FixedZone("z", offset%(18*3600)))
		lit, err := FormatLiteral(tm)
		if y := tm.UTC().Year(); y < 1 || y > 9999 {
			if err == nil {
				t.Fatalf("year %d accepted as %q", y, lit)
			}
			return
		}
		if err != nil {
			t.Fatalf("FormatLiteral(%v): %v", tm, err)
		}
		if !strings.HasSuffix(lit, "Z") || strings.ContainsAny(lit, "+ ") {
			t.Fatalf("%q is not a UTC literal", lit)
		}
		back, err := time.Parse(time.RFC3339Nano, lit)
		if err != nil {
			t.Fatalf("%q does not parse: %v", lit, err)
		}
		if want := tm.UTC().Truncate(100 * time.Nanosecond); !back.Equal(want) {
			t.Fatalf("%q reads back as %v, want %v", lit, back, want)
		}
	})
}

func FuzzFormatFloatLiteral(f *testing.F) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1, 0.1, 1e21, 1e-7, math.MaxFloat64, math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1)} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		lit, err := FormatLiteral(v)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			if err == nil {
				t.Fatalf("%v accepted as %q", v, lit)
			}
			return
		}
		if err != nil {
			t.Fatalf("FormatLiteral(%v): %v", v, err)
		}
		if strings.ContainsAny(lit, "eE+") {
			t.Fatalf("%q uses an exponent", lit)
		}
		back, err := strconv.ParseFloat(lit, 64)
		if err != nil || back != v {
			t.Fatalf("%q reads back as %v (%v), want %v", lit, back, err, v)
		}
	})
}

func FuzzCheckNextLink(f *testing.F) {
	f.Add("https://graph.microsoft.com/beta/x?$skiptoken=%27a%27", "")
	f.Add("https://graph.microsoft.com/beta/x?$skiptoken=1", "https://graph.microsoft.com/beta/x?$skiptoken=1")
	f.Add("https://evil.example/beta", "")
	f.Add("https://graph.microsoft.com@evil.example/", "")
	f.Add("http://graph.microsoft.com/beta", "")
	f.Add("https://graph.microsoft.com:443/beta", "")
	f.Add("https://graph.microsoft.com:444/beta", "")
	f.Add("//graph.microsoft.com/beta", "")
	f.Add("https://[::1]:443/", "")
	f.Add("https://graph.microsoft.com/a b", "")
	f.Add("HTTPS://GRAPH.MICROSOFT.COM/%2E%2E/x", "")
	base, err := url.Parse("https://graph.microsoft.com/beta")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, link, prev string) {
		got, err := CheckNextLink(link, base, prev)
		if err != nil {
			if !errors.Is(err, ErrInvalidNextLink) {
				t.Fatalf("error does not wrap ErrInvalidNextLink: %v", err)
			}
			if got != "" {
				t.Fatalf("rejected link returned %q", got)
			}
			return
		}
		if got != link {
			t.Fatalf("accepted link changed: %q -> %q", link, got)
		}
		if link == prev {
			t.Fatalf("repeated link %q accepted", link)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("accepted link does not parse: %v", err)
		}
		if u.Scheme != "https" || !strings.EqualFold(u.Hostname(), "graph.microsoft.com") ||
			(u.Port() != "" && u.Port() != "443") || u.User != nil {
			t.Fatalf("accepted foreign link: scheme %q host %q", u.Scheme, u.Host)
		}
		rawPath, rawQuery := splitRaw(link)
		if u.EscapedPath() != rawPath || u.RawQuery != rawQuery {
			t.Fatalf("link would not be sent verbatim: path %q vs %q, query %q vs %q",
				u.EscapedPath(), rawPath, u.RawQuery, rawQuery)
		}
	})
}

// splitRaw returns the path and query of an absolute link exactly as written.
func splitRaw(link string) (path, query string) {
	_, rest, _ := strings.Cut(link, "://")
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		rest = rest[i:]
	} else {
		rest = ""
	}
	path, query, _ = strings.Cut(rest, "?")
	return path, query
}
