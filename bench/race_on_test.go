//go:build race

package bench_test

// raceEnabled is true when the race detector is on: long listings are shortened.
const raceEnabled = true
