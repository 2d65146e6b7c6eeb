#!/usr/bin/env bash
# The cost of the MISP warninglists (issue 15): loading every list of
# ../shared/misp-warninglists (136 lists, about 530,000 values) with the
# built-in default, and matching 1,000,000 values (IPv4 addresses, domains,
# URLs, e-mail addresses). The load must stay within 0.5 s.
#
#   bench/warninglists.sh [LISTS-DIR [N]]   # release build in build-release/
#
# Builds bench/warninglists.c against libcasegraph.so of build-release/
# (configured with -Dbuildtype=release when missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
B=${CG_BENCH_BUILD:-build-release}
[ -f "$B/build.ninja" ] || meson setup "$B" -Dbuildtype=release >/dev/null
ninja -C "$B" >/dev/null
OUT=${CG_BENCH_DIR:-/tmp/cg-bench}
mkdir -p "$OUT"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Igraph -Ianalysis bench/warninglists.c \
	-o "$OUT/warninglists" -L"$B" -lcasegraph -Wl,-rpath,"$ROOT/$B"
"$OUT/warninglists" "${1:-../shared/misp-warninglists}" "${2:-1000000}"
