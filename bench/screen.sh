#!/usr/bin/env bash
# The cost of screening (issue 21): `casegraph screen` with --reference,
# end to end (reading the cases and the list, matching, printing), against
#   1. the OFAC SDN list (../shared/realdata/ofac-sdn, through the ofac-sdn
#      preset) with the bundled example, then with a generated case set of
#      10,000 entities;
#   2. a generated list of 1,000,000 entities (cg-gen) with the same case set.
# Each run is timed with /usr/bin/time (wall seconds, peak resident memory);
# the same inputs without --reference are timed too, so that the cost of the
# screening itself shows.
#
#   bench/screen.sh [LIST-ENTITIES]     # release build in build-release/
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
B=${CG_BENCH_BUILD:-build-release}
[ -f "$B/build.ninja" ] || meson setup "$B" -Dbuildtype=release >/dev/null
ninja -C "$B" >/dev/null
CG=$B/casegraph
OUT=${CG_BENCH_DIR:-/tmp/cg-bench}
N=${1:-1000000}
mkdir -p "$OUT"
SDN=../shared/realdata/ofac-sdn/sdn-2024-05-03.csv
EXAMPLE=(examples/*/nodes.csv examples/*/links.csv examples/reports/*.md)

[ -f "$OUT/screen-cases/nodes.csv" ] || "$B/cg-gen" --entities 10000 --seed 7 -o "$OUT/screen-cases" 2>/dev/null
[ -f "$OUT/screen-list-$N/nodes.csv" ] || "$B/cg-gen" --entities "$N" --seed 1 -o "$OUT/screen-list-$N" 2>/dev/null
CASES=("$OUT/screen-cases/nodes.csv" "$OUT/screen-cases/links.csv")

echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1 /proc/loadavg)"
printf '%-52s %8s %9s  %s\n' run "wall s" "peak MB" "screening"
timed() {
	local what=$1 wall kb hits
	shift
	/usr/bin/time -f '%e %M' -o "$OUT/screen.time" "$CG" "$@" >/dev/null 2>"$OUT/screen.err"
	read -r wall kb <"$OUT/screen.time"
	hits=$(grep -o 'screening: .*' "$OUT/screen.err" | head -1 || true)
	printf '%-52s %8s %9d  %s\n' "$what" "$wall" "$((kb / 1024))" "${hits#screening: }"
}
if [ -f "$SDN" ]; then
	timed "example, no list" stats "${EXAMPLE[@]}"
	timed "example vs OFAC SDN (16,504 entities)" screen "${EXAMPLE[@]}" \
		--reference "$SDN" --reference-mapping ofac-sdn
	timed "10k generated entities, no list" stats "${CASES[@]}"
	timed "10k generated entities vs OFAC SDN" screen "${CASES[@]}" \
		--reference "$SDN" --reference-mapping ofac-sdn
else
	echo "(no $SDN: the OFAC runs are not made)"
fi
timed "the $N-entity list alone (loading it)" stats "$OUT/screen-list-$N/nodes.csv"
timed "10k generated entities vs a $N-entity list" screen "${CASES[@]}" \
	--reference "$OUT/screen-list-$N/nodes.csv"
