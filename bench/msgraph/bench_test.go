package msgraph_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/bench/internal/baseline"
	"github.com/industrydata/industrydata-go/bench/internal/loopback"
	"github.com/industrydata/industrydata-go/bench/msgraph"
	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

// The listing, as in the library's bench package: 10,000 run groups in pages of 100.
const (
	listItems = 10_000
	pageSize  = 100
)

func newMSGraph(tb testing.TB, srv *loopback.Server) *msgraphsdk.GraphServiceClient {
	c, err := msgraph.NewClient(srv.URL, loopback.Token)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func countMSGraph(ctx context.Context, c *msgraphsdk.GraphServiceClient) (int, error) {
	n := 0
	err := msgraph.List(ctx, c, func(e models.Entityable) bool {
		if e.GetId() != nil {
			n++
		}
		return true
	})
	return n, err
}

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

// BenchmarkList lists the same 10,000 run groups, in pages of 100, with the hand-written
// baseline, industrydata-go's All and msgraph-sdk-go's PageIterator, in one run.
func BenchmarkList(b *testing.B) {
	srv := loopback.New(loopback.Config{Items: listItems, PageSize: pageSize})
	defer srv.Close()
	b.Run("impl=baseline", func(b *testing.B) {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		defer tr.CloseIdleConnections()
		c := &baseline.Client{HTTP: &http.Client{Transport: tr}, Base: srv.URL, Token: loopback.Token}
		benchList(b, func(ctx context.Context) (int, error) { return countBaseline(ctx, c) })
	})
	b.Run("impl=ours", func(b *testing.B) {
		c, err := industrydata.NewClient(industrydata.WithBaseURL(srv.URL), industrydata.WithStaticToken(loopback.Token))
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		benchList(b, func(ctx context.Context) (int, error) { return countOurs(ctx, c) })
	})
	b.Run("impl=msgraph", func(b *testing.B) {
		c := newMSGraph(b, srv)
		benchList(b, func(ctx context.Context) (int, error) { return countMSGraph(ctx, c) })
	})
}
