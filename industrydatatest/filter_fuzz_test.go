package industrydatatest_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// FuzzFilterLiteralReadBack checks the SDK's filter literals against this server's own
// OData parser: for any string s, a filter built with the SDK's constructors (Eq, In,
// StartsWith, EndsWith, Contains, Not(Ne)) must match exactly the stored run groups whose
// displayName satisfies the predicate for s, byte for byte; no value can end the literal
// early or change the expression. Each input is stored as one more run group, queried
// over HTTP and deleted again, among fixed decoys that look like literal syntax.
//
// The seeds run with go test; to search, run for a set time:
//
//	go test -run '^$' -fuzz '^FuzzFilterLiteralReadBack$' -fuzztime 60s ./industrydatatest/
func FuzzFilterLiteralReadBack(f *testing.F) {
	decoys := []string{"", " ", "a", "A", "'", "''", "a'b", "O'Brien", "x' or 1 eq 1 or displayName eq 'y",
		"%27", "%2527", "+", "\x00", "é", "e\u0301", "(", ")", "null", "😀"}
	for op := range uint8(6) {
		for _, d := range decoys {
			f.Add(d, op)
		}
		f.Add("') or contains(displayName,'", op)
		f.Add("a\r\nb\tc", op)
		f.Add("\\'", op)
		f.Add("bad\xff", op)
	}
	srv := industrydatatest.NewServer()
	f.Cleanup(srv.Close)
	seeds := make([]industrydatatest.Document, len(decoys))
	for i, d := range decoys {
		seeds[i] = industrydatatest.Document{"displayName": d, "status": "completed"}
	}
	if _, err := srv.SeedRunGroups(seeds...); err != nil {
		f.Fatal(err)
	}
	c, err := srv.Client()
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(c.Close)

	f.Fuzz(func(t *testing.T, s string, op uint8) {
		// A query the server cannot finish is a failure too, not a hung fuzzer.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		filter, match := fuzzFilterFor(s, op)
		if !utf8.ValidString(s) {
			if filter.Err() == nil || !strings.Contains(filter.Err().Error(), "UTF-8") {
				t.Fatalf("a filter on invalid UTF-8 %q must carry an error naming UTF-8, got %v", s, filter.Err())
			}
			return
		}
		if err := filter.Err(); err != nil {
			t.Fatalf("filter for %q: %v", s, err)
		}
		ids, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": s, "status": "completed"})
		if err != nil {
			t.Fatalf("seeding %q: %v", s, err)
		}
		defer func() {
			if err := c.RunGroups().ByID(ids[0]).Delete(ctx); err != nil {
				t.Fatalf("deleting the group of %q: %v", s, err)
			}
		}()
		var want []string
		for _, d := range srv.RunGroups() {
			if name, _ := d["displayName"].(string); match(name) {
				want = append(want, d["id"].(string))
			}
		}
		var got []string
		for rg, err := range c.RunGroups().List().Filter(filter).Select("id").All(ctx) {
			if err != nil {
				t.Fatalf("$filter=%s (for %q): %v", filter, s, err)
			}
			got = append(got, rg.ID)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("$filter=%s (for %q): server matched %d groups %v, want %d %v", filter, s, len(got), got, len(want), want)
		}
	})
}

// fuzzFilterFor returns the SDK filter of kind op for s and the predicate it must mean.
func fuzzFilterFor(s string, op uint8) (industrydata.Filter, func(string) bool) {
	switch op % 6 {
	case 1:
		return industrydata.In("displayName", s, s+"'"), func(v string) bool { return v == s || v == s+"'" }
	case 2:
		return industrydata.StartsWith("displayName", s), func(v string) bool { return strings.HasPrefix(v, s) }
	case 3:
		return industrydata.EndsWith("displayName", s), func(v string) bool { return strings.HasSuffix(v, s) }
	case 4:
		return industrydata.Contains("displayName", s), func(v string) bool { return strings.Contains(v, s) }
	case 5:
		return industrydata.Not(industrydata.Ne("displayName", s)), func(v string) bool { return v == s }
	}
	return industrydata.Eq("displayName", s), func(v string) bool { return v == s }
}
