#!/usr/bin/env bash
# Import benchmark for casegraph.
#
# Usage: bench/import.sh [N ...]        (default: 10000 100000 1000000)
#
# Builds the project if needed (a release build in build-release/, or in
# $CG_BUILD_DIR), generates synthetic data with cg-gen into /tmp/cg-bench/N (kept between runs: delete the
# folder to regenerate), then times
#   build/casegraph import nodes.csv links.csv -o graph.jsonl --quiet
#   build/casegraph stats graph.jsonl --quiet
# under /usr/bin/time -v and prints a table of wall time, peak RSS and input
# size per stage. Logs of each stage are kept next to the data
# (/tmp/cg-bench/N/<stage>.time, <stage>.out, <stage>.err).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BENCH_DIR="${CG_BENCH_DIR:-/tmp/cg-bench}"
if [ "$#" -gt 0 ]; then
    SIZES=("$@")
else
    SIZES=(10000 100000 1000000)
fi
for n in "${SIZES[@]}"; do
    if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
        echo "import.sh: not a positive integer: $n" >&2
        exit 2
    fi
done

# --- tools -----------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    echo "import.sh: /usr/bin/time missing, installing package 'time'" >&2
    if ! apt-get install -y time >/dev/null 2>&1; then
        apt-get update >/dev/null
        apt-get install -y time >/dev/null
    fi
fi

# --- build -----------------------------------------------------------------
B="${CG_BUILD_DIR:-build-release}"
if [ ! -f "$B/build.ninja" ]; then
    meson setup "$B" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$B" >/dev/null
for bin in "$B/cg-gen" "$B/casegraph"; do
    if [ ! -x "$bin" ]; then
        echo "import.sh: $bin was not built" >&2
        exit 1
    fi
done

# --- helpers ---------------------------------------------------------------
ROWS=()

# bytes of the given files, summed
bytes_of() {
    local total=0 f s
    for f in "$@"; do
        s=$(stat -c %s "$f")
        total=$((total + s))
    done
    echo "$total"
}

# run_stage N STAGE INPUT_BYTES -- CMD...   (stdout/stderr of CMD go to logs)
run_stage() {
    local n="$1" stage="$2" in_bytes="$3"
    shift 4
    local dir="$BENCH_DIR/$n"
    local tfile="$dir/$stage.time"
    if ! /usr/bin/time -v -o "$tfile" "$@" >"$dir/$stage.out" 2>"$dir/$stage.err"; then
        echo "import.sh: stage '$stage' failed for N=$n: $*" >&2
        tail -n 20 "$dir/$stage.err" >&2 || true
        grep -E 'Exit status|Command terminated' "$tfile" >&2 || true
        exit 1
    fi
    local wall rss_kb
    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.35"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
               n = split($2, p, ":"); s = 0
               for (i = 1; i <= n; i++) s = s * 60 + p[i]
               printf "%.2f", s }' "$tfile")
    rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tfile")
    ROWS+=("$(printf '%-10s %-8s %10s %12s %14s' "$n" "$stage" "$wall" \
        "$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')" "$in_bytes")")
}

# --- machine ---------------------------------------------------------------
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo || true)
if [ -z "$cpu_model" ] && command -v lscpu >/dev/null; then
    cpu_model=$(lscpu | awk -F': +' '/^Model name/ { print $2; exit }')
fi
mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
echo "machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}, $(awk -v k="$mem_kb" 'BEGIN { printf "%.1f GiB", k / 1048576 }') RAM"
echo "commit:  $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none)"
echo

# --- runs ------------------------------------------------------------------
for n in "${SIZES[@]}"; do
    dir="$BENCH_DIR/$n"
    mkdir -p "$dir"
    if [ ! -s "$dir/nodes.csv" ] || [ ! -s "$dir/links.csv" ]; then
        echo "generating N=$n ..." >&2
        run_stage "$n" gen - -- "$B/cg-gen" --entities "$n" -o "$dir"
    fi
    in_bytes=$(bytes_of "$dir/nodes.csv" "$dir/links.csv")
    echo "importing N=$n ($in_bytes bytes of CSV) ..." >&2
    rm -f "$dir/graph.jsonl"
    run_stage "$n" import "$in_bytes" -- \
        "$B/casegraph" import "$dir/nodes.csv" "$dir/links.csv" -o "$dir/graph.jsonl" --quiet
    run_stage "$n" stats "$(bytes_of "$dir/graph.jsonl")" -- \
        "$B/casegraph" stats "$dir/graph.jsonl" --quiet
done

printf '%-10s %-8s %10s %12s %14s\n' N stage wall_s peak_rss_mb input_bytes
for row in "${ROWS[@]}"; do
    echo "$row"
done
