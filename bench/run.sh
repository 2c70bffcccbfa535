#!/usr/bin/env bash
# Runs the benchmarks the way BENCHMARKS.md reports them: the test binary is built once
# and run COUNT times, so every round runs the baseline, ours and the floor (and
# msgraph-sdk-go) back to back and load from other processes hits them alike; benchstat
# then gives the medians, and ratios.awk the ratios of medians.
#
# Usage: bench/run.sh [lib] [heap] [msgraph]   (default: lib heap)
#   lib      the library module's benchmarks (bench/): List, Get, Create
#   heap     peak heap in use after 1k, 10k and 100k listed items (TestHeapFlat)
#   msgraph  List against msgraph-sdk-go (bench/msgraph, its own module); its first build
#            compiles msgraph-sdk-go: minutes and several GB of memory
# Env: COUNT=n (default 6), BENCHTIME (default 1s), OUT=dir to keep the raw results,
#      MSGRAPH_GOCACHE=dir to build bench/msgraph with that GOCACHE (e.g. the one
#      KEEP_GOCACHE=1 bench/buildcost.sh msgraph left).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false}"
count=${COUNT:-6}
benchtime=${BENCHTIME:-1s}
benchstat=(go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da)
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(lib heap)
out=${OUT:-}
if [ -z "$out" ]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"

echo "# $(go version); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"

# rounds runs test binary $1 COUNT times into $2.
rounds() {
	: >"$2"
	for i in $(seq "$count"); do
		echo "#   round $i/$count" >&2
		"$1" -test.run '^$' -test.bench . -test.benchmem -test.benchtime "$benchtime" >>"$2"
	done
}

report() {
	"${benchstat[@]}" -col /impl "$1"
	echo
	echo "# ratios of medians"
	"${benchstat[@]}" -col /impl -format csv "$1" 2>/dev/null | awk -f "$root/bench/ratios.awk"
	echo
}

for part in "${parts[@]}"; do
	case $part in
	lib)
		(cd "$root" && go test -c -o "$out/lib.test" ./bench/)
		rounds "$out/lib.test" "$out/lib.txt"
		report "$out/lib.txt"
		;;
	heap)
		(cd "$root" && go test -c -o "$out/lib.test" ./bench/)
		"$out/lib.test" -test.run '^TestHeapFlat$' -test.v | grep -E 'peak|PASS|FAIL'
		;;
	msgraph)
		(cd "$root/bench/msgraph" && GOCACHE=${MSGRAPH_GOCACHE:-$(go env GOCACHE)} go test -mod=mod -c -o "$out/msgraph.test" .)
		rounds "$out/msgraph.test" "$out/msgraph.txt"
		report "$out/msgraph.txt"
		;;
	*) echo "unknown part $part (want lib, heap or msgraph)" >&2; exit 2 ;;
	esac
done
