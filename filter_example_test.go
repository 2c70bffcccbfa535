package industrydata_test

import (
	"fmt"
	"time"

	"github.com/industrydata/industrydata-go"
)

// Build a $filter from typed parts: values are quoted and escaped for you, and nested
// And/Or get the parentheses they need.
func ExampleAnd() {
	since := time.Date(2026, 1, 2, 13, 0, 0, 0, time.FixedZone("CET", 3600))
	f := industrydata.And(
		industrydata.In("status", industrydata.RunStatusFailed, industrydata.RunStatusCompletedWithErrors),
		industrydata.Ge("startDateTime", since),
		industrydata.Or(
			industrydata.StartsWith("displayName", "Nightly"),
			industrydata.Eq("displayName", "O'Brien import"),
		),
	)
	if err := f.Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f)
	// Output:
	// status in ('failed','completedWithErrors') and startDateTime ge 2026-01-02T12:00:00Z and (startswith(displayName,'Nightly') or displayName eq 'O''Brien import')
}

// A bad property name never reaches the wire: the Filter carries an error, which the
// query reports before sending anything.
func ExampleFilter_Err() {
	f := industrydata.And(
		industrydata.Eq("status", industrydata.RunStatusFailed),
		industrydata.Eq("displayName eq 'x' or id", "y"),
	)
	fmt.Println(f.Err())
	// Output:
	// industrydata: filter Eq("displayName eq 'x' or id"): odata: invalid property name "displayName eq 'x' or id": character ' ' at offset 11 is not allowed
}

// RawFilter covers what the constructors do not, such as lambda operators; it is
// parenthesized when combined so it cannot regroup its neighbours.
func ExampleRawFilter() {
	f := industrydata.Or(
		industrydata.Eq("status", industrydata.RunStatusRunning),
		industrydata.RawFilter("runs/any(r: r/status eq 'failed')"),
	)
	fmt.Println(f)
	// Output:
	// status eq 'running' or (runs/any(r: r/status eq 'failed'))
}
