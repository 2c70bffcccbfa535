// Package reliability holds the SDK's end-to-end reliability and security suite: tests
// that drive a real industrydata.Client against the in-memory Graph server
// (industrydatatest) and against hostile loopback servers, with scripted and random
// faults, and check the promises an automation job relies on: every item exactly once,
// no duplicate creates, no token or secret outside Graph, a clear error for every bad
// input, no leaks under load.
//
// The package has no API; it exists for its tests. Run them with
//
//	go test -race -count=1 -v ./reliability/ 2>&1 | grep -E 'FIGURE|^(--- |ok|FAIL)'
//
// Each test logs its measurements on lines starting with FIGURE; RELIABILITY.md at the
// repository root maps every promise to the test that proves it and records the figures
// of the last run.
package reliability
