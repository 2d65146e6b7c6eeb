#!/usr/bin/env bash
# Merge-candidate benchmark: casegraph merges --candidates on cg-gen data.
#
# Usage: bench/candidates.sh [N ...]      (default: 100000 1000000)
#
# Generates N entities with cg-gen into /tmp/cg-bench/N (kept between runs),
# imports them once into graph.jsonl, then times
#   casegraph merges --candidates --json graph.jsonl -q
# under /usr/bin/time -v (wall time, peak RSS). The load of the graph is
# part of the time; `casegraph stats` on the same graph is timed too, so
# that the candidates' own cost is the difference.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BENCH_DIR="${CG_BENCH_DIR:-/tmp/cg-bench}"
BUILD="${CG_BUILD_DIR:-build-release}"
[ "$#" -gt 0 ] && SIZES=("$@") || SIZES=(100000 1000000)
if [ ! -f "$BUILD/build.ninja" ]; then
    meson setup "$BUILD" -Dbuildtype=release -Dtests=false >/dev/null
fi
ninja -C "$BUILD" >/dev/null
printf '%-9s %-10s %10s %10s %12s %10s\n' entities stage wall_s peak_MB candidates compared
for n in "${SIZES[@]}"; do
    d="$BENCH_DIR/$n"
    if [ ! -f "$d/nodes.csv" ]; then
        mkdir -p "$d"
        "$BUILD/cg-gen" --entities "$n" -o "$d" >/dev/null 2>&1
    fi
    [ -f "$d/graph.jsonl" ] || "$BUILD/casegraph" import -q "$d/nodes.csv" "$d/links.csv" -o "$d/graph.jsonl"
    /usr/bin/time -v "$BUILD/casegraph" stats -q "$d/graph.jsonl" >/dev/null 2>"$d/stats.time"
    /usr/bin/time -v "$BUILD/casegraph" merges --candidates --json -q "$d/graph.jsonl" \
        >"$d/candidates.json" 2>"$d/candidates.time"
    for stage in stats candidates; do
        t=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$d/$stage.time")
        s=$(echo "$t" | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
        m=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$d/$stage.time")
        c=-; p=-
        if [ "$stage" = candidates ]; then
            c=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["count"])' "$d/candidates.json")
            p=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["compared"])' "$d/candidates.json")
        fi
        printf '%-9s %-10s %10s %10s %12s %10s\n' "$n" "$stage" "$s" "$m" "$c" "$p"
    done
done
