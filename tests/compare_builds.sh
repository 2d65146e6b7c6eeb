#!/usr/bin/env bash
# Compares what two casegraph binaries write, for a refactoring that must
# change no output:
#   tests/compare_builds.sh OLD_CASEGRAPH NEW_CASEGRAPH
# Runs the same commands with each (stats, the analyses, import, every
# export, render and report over the bundled example; stats --json over
# every file of tests/data; the OFAC SDN preset, the ATT&CK ICS bundle and
# the seed report of ../shared when that folder is there) and compares
# stdout, stderr, exit codes and written files. Prints the differences and
# exits 1 when there are any, 0 when the outputs are identical. The
# report's own timing line is masked; SOURCE_DATE_EPOCH is fixed. Not part
# of the test suite: it needs an old build to compare with, e.g.
#   git worktree add /tmp/base <commit> && meson setup /tmp/base/build /tmp/base &&
#   ninja -C /tmp/base/build casegraph
set -uo pipefail
[ $# -eq 2 ] || { echo "usage: tests/compare_builds.sh OLD_CASEGRAPH NEW_CASEGRAPH" >&2; exit 2; }
old=$(realpath "$1") new=$(realpath "$2")
cd "$(dirname "$0")/.."
export SOURCE_DATE_EPOCH=1700000000
work=$(mktemp -d "${TMPDIR:-/tmp}/cg-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

# outputs BIN DIR: every command's stdout, stderr, exit code and files under
# DIR/. Commands write under one fixed path ($work/out) so that the paths
# they print are the same for both binaries.
outputs() {
	local bin=$1 dir=$2 out=$work/out
	rm -rf "$out" && mkdir -p "$out"
	local in=(examples/*/nodes.csv examples/*/links.csv examples/payments/mapping.json
		examples/misp-event.json examples/ftm-entities.json examples/reports/*.md)
	run() {
		local name=$1
		shift
		"$bin" "$@" >"$out/$name.out" 2>"$out/$name.err"
		echo $? >"$out/$name.rc"
	}
	run stats stats "${in[@]}"
	run stats-json stats "${in[@]}" --json
	run brokers brokers "${in[@]}" --top 10
	run brokers-json brokers "${in[@]}" --json
	run shared shared "${in[@]}" --json
	run clusters clusters "${in[@]}" --json
	run analyze analyze "${in[@]}"
	run merges merges "${in[@]}"
	run path path "${in[@]}" --from "Cobaltline Analytics" --to dana.whitfield.consult@mailbox.example
	run money money "${in[@]}"
	run gazetteer stats "${in[@]}" --gazetteer gazetteers/dprk-threat-actors.csv
	run import import "${in[@]}" -o "$out/graph.jsonl"
	for t in gexf graphml csv neo4j ftm stix; do
		run "export-$t" export "$out/graph.jsonl" --to "$t" -o "$out/export-$t"
	done
	run render render "$out/graph.jsonl" --focus "Dana Whitfield" -o "$out/dana.dot"
	run report report "${in[@]}" -o "$out/briefing" --title T --no-svg
	local f n
	for f in tests/data/*/*; do
		[ -f "$f" ] || continue
		n=$(echo "$f" | tr / _)
		run "data-$n" stats "$f" --json
	done
	if [ -d ../shared/realdata ]; then
		run sdn stats --mapping mappings/ofac-sdn.json ../shared/realdata/ofac-sdn/sdn-2024-05-03.csv --json
		for f in ../shared/realdata/*/*.json ../shared/seed-report/*.txt; do
			[ -f "$f" ] && run "shared-$(basename "$f")" stats "$f" --json
		done
	fi
	sed -i -E 's/[0-9]+\.[0-9]+ s$/T s/' "$out"/*.err
	mv "$out" "$dir"
}

outputs "$old" "$work/old"
outputs "$new" "$work/new"
if diff -r "$work/old" "$work/new"; then
	echo "compare_builds: $(find "$work/old" -type f | wc -l) outputs identical"
	exit 0
fi
echo "compare_builds: the outputs differ (above: < old, > new)" >&2
exit 1
