package reliability_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/industrydata/industrydata-go"
)

// TestRedirectedWritesAreNotReportedAsDone answers each write with a redirect to
// another host. A write may be reported done only if the write itself arrived there
// (307 and 308 keep the method and body); for 301 and 302, net/http repeats a PATCH,
// DELETE or POST as a GET, which changes nothing, so the SDK must fail with an error
// that says the redirect was refused instead of reporting success.
func TestRedirectedWritesAreNotReportedAsDone(t *testing.T) {
	h := newHostileHosts(t)
	ctx := context.Background()
	reported, lost := 0, 0
	for _, code := range []int{301, 302, 307, 308} {
		c, err := industrydata.NewClient(industrydata.WithBaseURL(fmt.Sprintf("%s/redirect-other-%d/beta", h.graphURL, code)),
			industrydata.WithStaticToken("static-token-for-redirect-test"), industrydata.WithRetry(fastRetry()))
		require.NoError(t, err)
		t.Cleanup(c.Close)
		g := c.RunGroups().ByID("g1")
		writes := []struct {
			method string
			call   func() error
		}{
			{"PATCH", func() error { return g.Update(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "n"}}) }},
			{"DELETE", func() error { return g.Delete(ctx) }},
			{"POST", func() error {
				_, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "n"}})
				return err
			}},
		}
		for _, w := range writes {
			t.Run(fmt.Sprintf("%s-%d", w.method, code), func(t *testing.T) {
				before := len(h.other.requests())
				err := w.call()
				arrived := h.other.requests()[before:]
				if err != nil {
					assert.Contains(t, err.Error(), "redirect", "the error says a redirect was refused: %v", err)
					return
				}
				reported++
				require.NotEmpty(t, arrived, "reported done, so the redirect was followed")
				if got := arrived[len(arrived)-1].method; got != w.method {
					lost++
					t.Errorf("%s answered %d was reported done, but the redirect target received a %s", w.method, code, got)
				}
			})
		}
	}
	figure(t, "redirects/writes", "writes", 12, "reportedDone", reported, "doneButNotApplied", lost)
}
