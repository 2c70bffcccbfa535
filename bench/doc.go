// Package bench holds the SDK's performance benchmarks; it has no API. The benchmarks
// list, read and create run groups over a loopback server that serves pre-rendered
// Graph-shaped pages, side by side with a hand-written net/http + encoding/json client
// (the baseline) and the bare HTTP exchanges (the floor). BENCHMARKS.md at the root of
// the repository gives the commands, the results and the targets; the comparison with
// Microsoft's msgraph-sdk-go lives in the separate module bench/msgraph so that the
// library never depends on it.
package bench
