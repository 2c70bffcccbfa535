package industrydatatest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

// failedRunGroups is the code under test, as a user would write it: it lists
// the names of the run groups that failed.
func failedRunGroups(ctx context.Context, c *industrydata.Client) ([]string, error) {
	var names []string
	failed := c.RunGroups().List().Filter(industrydata.Eq("status", industrydata.RunStatusFailed))
	for rg, err := range failed.All(ctx) {
		if err != nil {
			return nil, fmt.Errorf("listing failed run groups: %w", err)
		}
		names = append(names, rg.DisplayName)
	}
	return names, nil
}

// A test of your own code: seed the server, hand your function a client for
// it, check the result. In a test, NewServerT closes the server for you.
func Example() {
	srv := industrydatatest.NewServer()
	defer srv.Close()
	_, err := srv.SeedRunGroups(
		industrydatatest.Document{"displayName": "Roster sync", "status": "failed"},
		industrydatatest.Document{"displayName": "Grades outbound", "status": "completed"},
		industrydatatest.Document{"displayName": "Attendance import", "status": "failed"},
	)
	if err != nil {
		log.Fatal(err)
	}
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	names, err := failedRunGroups(context.Background(), c)
	fmt.Println(names, err)
	// Output: [Roster sync Attendance import] <nil>
}

// Script Graph's failures: here the first list request is throttled, and the
// code under test still succeeds because the client retries.
func ExampleServer_Fault() {
	srv := industrydatatest.NewServer()
	defer srv.Close()
	if _, err := srv.SeedRunGroups(industrydatatest.Document{"displayName": "Roster sync", "status": "failed"}); err != nil {
		log.Fatal(err)
	}
	throttle := srv.Fault(
		industrydatatest.Match{Method: "GET", Path: "/runGroups"},
		industrydatatest.Nth(1),
		industrydatatest.Throttle("0.01"),
	)
	c, err := srv.Client(industrydata.WithRetry(industrydata.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond}))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	names, err := failedRunGroups(context.Background(), c)
	fmt.Println(names, err)
	fmt.Println("throttled:", throttle.Hits(), "of", throttle.Seen())
	// Output:
	// [Roster sync] <nil>
	// throttled: 1 of 2
}
