#!/usr/bin/env bash
# Build cost of a small program that lists run groups, built three ways:
#   raw      bench/cmd/raw-list             net/http + encoding/json (the floor)
#   ours     bench/cmd/ours-list            industrydata-go
#   msgraph  bench/msgraph/cmd/msgraph-list msgraph-sdk-go (its own module)
# Each build starts from an empty GOCACHE (so the standard library is compiled too, as on
# a fresh machine or CI runner) and runs under /usr/bin/time -v: wall time, CPU time
# (user+sys) and peak RSS of the largest process (the compiler of the biggest package).
# The program is then relinked with -ldflags='-s -w' for the stripped size. Modules are
# downloaded first and not timed. With ROUNDS=n the programs are built n times,
# interleaved (raw, ours, raw, ours, ...), and the median of each column is printed, so
# that load from other processes hits every program alike.
#
# Usage: bench/buildcost.sh [raw] [ours] [msgraph]   (default: raw ours)
# Env:   ROUNDS=n           builds per program (default 1)
#        BUILDCOST_OUT=dir  keep binaries and /usr/bin/time logs there (default: temp dir)
#        KEEP_GOCACHE=1     keep each build's GOCACHE and print its path (bench/run.sh
#                           msgraph can reuse the msgraph one: MSGRAPH_GOCACHE=path)
# The msgraph build takes minutes and several GB of memory on 2 cores: ask for it by name.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false}"
progs=("$@")
[ ${#progs[@]} -gt 0 ] || progs=(raw ours)
rounds=${ROUNDS:-1}
out=${BUILDCOST_OUT:-}
if [ -z "$out" ]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"

where() { # program -> dir pkg flags
	case $1 in
	raw) echo "$root ./bench/cmd/raw-list" ;;
	ours) echo "$root ./bench/cmd/ours-list" ;;
	msgraph) echo "$root/bench/msgraph ./cmd/msgraph-list -mod=mod" ;;
	*) echo "unknown program $1 (want raw, ours or msgraph)" >&2; return 2 ;;
	esac
}

echo "# $(go version); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
for prog in "${progs[@]}"; do
	read -r dir pkg flags < <(where "$prog")
	(cd "$dir" && go mod download)
done
printf '%-8s %5s %8s %8s %12s %10s %12s\n' program round wall_s cpu_s peak_rss_MB binary_MB binary_sw_MB | tee "$out/results"
for round in $(seq "$rounds"); do
	for prog in "${progs[@]}"; do
		read -r dir pkg flags < <(where "$prog")
		cache=$(mktemp -d)
		# shellcheck disable=SC2086 # flags is empty or one word
		(cd "$dir" && GOCACHE=$cache /usr/bin/time -v go build $flags -o "$out/$prog" "$pkg") 2>"$out/$prog.$round.time"
		# shellcheck disable=SC2086
		(cd "$dir" && GOCACHE=$cache go build $flags -ldflags='-s -w' -o "$out/$prog-sw" "$pkg")
		awk -v p="$prog" -v r="$round" -v s="$(stat -c %s "$out/$prog")" -v t="$(stat -c %s "$out/$prog-sw")" -F': ' '
			/Elapsed \(wall clock\)/ {n = split($2, f, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + f[i]}
			/User time/ {c += $2} /System time/ {c += $2}
			/Maximum resident set size/ {m = $2 / 1024}
			END {printf "%-8s %5d %8.1f %8.1f %12.0f %10.2f %12.2f\n", p, r, w, c, m, s / 1048576, t / 1048576}
		' "$out/$prog.$round.time" | tee -a "$out/results"
		if [ "${KEEP_GOCACHE:-}" = 1 ]; then
			echo "#   GOCACHE of $prog kept: $cache"
		else
			chmod -R u+w "$cache" && rm -rf "$cache"
		fi
	done
done
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
if [ "$rounds" -gt 1 ]; then
	echo "# medians over $rounds rounds"
	for prog in "${progs[@]}"; do
		cols=()
		for c in 3 4 5 6 7; do
			cols+=("$(awk -v p="$prog" -v c="$c" '$1 == p {print $c}' "$out/results" | median)")
		done
		printf '%-8s %5s %8.1f %8.1f %12.0f %10.2f %12.2f\n' "$prog" med "${cols[@]}"
	done
fi
