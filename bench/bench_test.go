package bench_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/bench/internal/baseline"
	"github.com/industrydata/industrydata-go/bench/internal/fixture"
	"github.com/industrydata/industrydata-go/bench/internal/loopback"
)

// The listing every List benchmark reads: 10,000 run groups in pages of 100.
const (
	listItems = 10_000
	pageSize  = 100
)

func newOurs(tb testing.TB, srv *loopback.Server) *industrydata.Client {
	tb.Helper()
	c, err := industrydata.NewClient(industrydata.WithBaseURL(srv.URL), industrydata.WithStaticToken(loopback.Token))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Close)
	return c
}

func newBaseline(tb testing.TB, srv *loopback.Server) *baseline.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tb.Cleanup(tr.CloseIdleConnections)
	return &baseline.Client{HTTP: &http.Client{Transport: tr}, Base: srv.URL, Token: loopback.Token}
}

// countOurs lists every run group with All.
func countOurs(ctx context.Context, c *industrydata.Client) (int, error) {
	n := 0
	for rg, err := range c.RunGroups().List().All(ctx) {
		if err != nil {
			return n, err
		}
		if rg.ID != "" {
			n++
		}
	}
	return n, nil
}

// countOursPages lists every run group with Pages.
func countOursPages(ctx context.Context, c *industrydata.Client) (int, error) {
	n := 0
	for p, err := range c.RunGroups().List().Pages(ctx) {
		if err != nil {
			return n, err
		}
		for _, rg := range p.Items {
			if rg.ID != "" {
				n++
			}
		}
	}
	return n, nil
}

func countBaseline(ctx context.Context, c *baseline.Client) (int, error) {
	n := 0
	err := c.List(ctx, func(rg *baseline.RunGroup) bool {
		if rg.ID != "" {
			n++
		}
		return true
	})
	return n, err
}

// floorList fetches the same pages as a listing, discarding the bodies.
func floorList(ctx context.Context, c *baseline.Client, srv *loopback.Server) (int, error) {
	for k := range srv.Pages() {
		if _, err := c.Floor(ctx, http.MethodGet, srv.PageURL(k), nil); err != nil {
			return 0, err
		}
	}
	return listItems, nil
}

// benchList runs count once to open the connection, then b.N times, checking every
// listing is complete.
func benchList(b *testing.B, count func(context.Context) (int, error)) {
	ctx := context.Background()
	if _, err := count(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		n, err := count(ctx)
		if err != nil || n != listItems {
			b.Fatalf("listed %d run groups, want %d (err %v)", n, listItems, err)
		}
	}
}

// BenchmarkList lists 10,000 run groups in pages of 100: the SDK's All and Pages, the
// hand-written baseline, and the floor (the same requests, bodies discarded).
func BenchmarkList(b *testing.B) {
	srv := loopback.New(loopback.Config{Items: listItems, PageSize: pageSize})
	defer srv.Close()
	b.Run("impl=baseline", func(b *testing.B) {
		c := newBaseline(b, srv)
		benchList(b, func(ctx context.Context) (int, error) { return countBaseline(ctx, c) })
	})
	b.Run("impl=ours", func(b *testing.B) {
		c := newOurs(b, srv)
		benchList(b, func(ctx context.Context) (int, error) { return countOurs(ctx, c) })
	})
	b.Run("impl=ours-pages", func(b *testing.B) {
		c := newOurs(b, srv)
		benchList(b, func(ctx context.Context) (int, error) { return countOursPages(ctx, c) })
	})
	b.Run("impl=floor", func(b *testing.B) {
		c := newBaseline(b, srv)
		benchList(b, func(ctx context.Context) (int, error) { return floorList(ctx, c, srv) })
	})
}

// BenchmarkListInMemory is BenchmarkList without the network: both clients get their
// pages from an in-memory http.RoundTripper, so the numbers are decoding and the client's
// own request handling alone, and far less noisy than over loopback.
func BenchmarkListInMemory(b *testing.B) {
	srv := loopback.New(loopback.Config{Items: listItems, PageSize: pageSize})
	defer srv.Close()
	hc := &http.Client{Transport: srv.Transport()}
	b.Run("impl=baseline", func(b *testing.B) {
		c := &baseline.Client{HTTP: hc, Base: srv.URL, Token: loopback.Token}
		benchList(b, func(ctx context.Context) (int, error) { return countBaseline(ctx, c) })
	})
	b.Run("impl=ours", func(b *testing.B) {
		c, err := industrydata.NewClient(industrydata.WithBaseURL(srv.URL), industrydata.WithStaticToken(loopback.Token),
			industrydata.WithHTTPClient(hc))
		if err != nil {
			b.Fatal(err)
		}
		benchList(b, func(ctx context.Context) (int, error) { return countOurs(ctx, c) })
	})
}

// benchOne runs op once to open the connection, then b.N times.
func benchOne(b *testing.B, op func(context.Context) error) {
	ctx := context.Background()
	if err := op(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := op(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGet reads one run group.
func BenchmarkGet(b *testing.B) {
	srv := loopback.New(loopback.Config{Items: pageSize, PageSize: pageSize})
	defer srv.Close()
	id := fixture.ID(7)
	b.Run("impl=baseline", func(b *testing.B) {
		c := newBaseline(b, srv)
		benchOne(b, func(ctx context.Context) error {
			_, err := c.Get(ctx, id)
			return err
		})
	})
	b.Run("impl=ours", func(b *testing.B) {
		g := newOurs(b, srv).RunGroups().ByID(id)
		benchOne(b, func(ctx context.Context) error {
			_, err := g.Get(ctx)
			return err
		})
	})
	b.Run("impl=floor", func(b *testing.B) {
		c := newBaseline(b, srv)
		u := srv.EntityURL(id)
		benchOne(b, func(ctx context.Context) error {
			_, err := c.Floor(ctx, http.MethodGet, u, nil)
			return err
		})
	})
}

// BenchmarkCreate creates one run group (201 with the entity).
func BenchmarkCreate(b *testing.B) {
	srv := loopback.New(loopback.Config{Items: pageSize, PageSize: pageSize})
	defer srv.Close()
	b.Run("impl=baseline", func(b *testing.B) {
		c := newBaseline(b, srv)
		benchOne(b, func(ctx context.Context) error {
			_, err := c.Create(ctx, baselineNew())
			return err
		})
	})
	b.Run("impl=ours", func(b *testing.B) {
		rc := newOurs(b, srv).RunGroups()
		benchOne(b, func(ctx context.Context) error {
			_, err := rc.Create(ctx, oursNew())
			return err
		})
	})
	b.Run("impl=floor", func(b *testing.B) {
		c := newBaseline(b, srv)
		u := srv.PageURL(0)
		body := []byte(fixture.CreateBody)
		benchOne(b, func(ctx context.Context) error {
			_, err := c.Floor(ctx, http.MethodPost, u, body)
			return err
		})
	})
}
