#!/usr/bin/env bash
# Tests of the casegraph command line: exit codes, diagnostics on stderr,
# and the output of import, stats and merges on the bundled example.
#
# usage: tests/test_cli.sh PATH-TO-CASEGRAPH
# Prints one line per check ("ok" or "FAIL") and exits non-zero when any
# check failed. CG_SOURCE_ROOT (set by meson) is the source tree; without
# it the tree this script is in is used.
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 PATH-TO-CASEGRAPH" >&2
	exit 2
fi
CG=$1
ROOT=${CG_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
EX=$ROOT/examples
DATA=$ROOT/tests/data/csv
EXAMPLE_INPUTS=("$EX"/front-company/nodes.csv "$EX"/front-company/links.csv
	"$EX"/laptop-farm/nodes.csv "$EX"/laptop-farm/links.csv
	"$EX"/payroll/nodes.csv "$EX"/payroll/links.csv)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cg_test_cli.XXXXXX") || exit 1
trap 'umount "$WORK/dirout/full" 2>/dev/null; rm -rf "$WORK"' EXIT

failures=0
checks=0

pass() {
	checks=$((checks + 1))
	echo "ok   $1"
}

fail() {
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "FAIL $1"
	shift
	for line in "$@"; do
		echo "     $line"
	done
}

# run CMD...: runs casegraph with the arguments, output in $WORK/out and
# $WORK/err, exit code in $rc.
run() {
	"$CG" "$@" >"$WORK/out" 2>"$WORK/err"
	rc=$?
}

# expect_rc WANT DESCRIPTION ARGS...: runs casegraph ARGS and checks the exit code.
expect_rc() {
	local want=$1 what=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$want" ]; then
		pass "$what (exit $want)"
	else
		fail "$what: exit $rc, want $want" "stderr: $(head -c 400 "$WORK/err")"
	fi
}

# expect_grep FILE PATTERN DESCRIPTION: FILE (out or err) contains the fixed string.
expect_grep() {
	local file=$1 pattern=$2 what=$3
	if grep -qiF -- "$pattern" "$WORK/$file"; then
		pass "$what"
	else
		fail "$what: '$pattern' not in std$file" "std$file: $(head -c 600 "$WORK/$file")"
	fi
}

# ---- usage errors and help ----

expect_rc 2 "no arguments is a usage error"
expect_grep err "usage: casegraph" "no arguments prints the usage on stderr"
expect_rc 2 "unknown command" frobnicate
expect_grep err "unknown command 'frobnicate'" "unknown command is named"
expect_rc 2 "unknown option" stats --no-such-option "$DATA/good/harbor/nodes.csv"
expect_grep err "unknown option '--no-such-option'" "unknown option is named"
expect_rc 2 "missing option value" stats "$DATA/good/harbor/nodes.csv" --case
expect_rc 2 "unknown --format" stats --format xml "$DATA/good/harbor/nodes.csv"
expect_grep err "unknown format 'xml' (nodes, links, jsonl, mapping, ftm, stix, misp, report)" \
    "unknown --format lists every format"
expect_rc 2 "unknown export --to" export "$DATA/good/harbor/nodes.csv" --to xml -o "$WORK/x.out"
expect_grep err "casegraph export: --to xml: graphml, gexf, csv, csv-wide, neo4j, ftm, stix, jsonl or misp" \
    "unknown --to lists every export format"
expect_rc 2 "export without --to" export "$DATA/good/harbor/nodes.csv" -o "$WORK/x.out"
expect_grep err "casegraph export: --to is required: graphml, gexf" "missing --to says so once"
expect_rc 2 "non-numeric --max-errors" stats --max-errors lots "$DATA/good/harbor/nodes.csv"
expect_rc 2 "command without inputs" stats
expect_rc 2 "import without -o" import "$DATA/good/harbor/nodes.csv"
expect_rc 0 "help" help
expect_grep out "commands:" "help lists the commands on stdout"
expect_rc 0 "--help" --help
expect_rc 2 "help for an unknown command" help frobnicate
expect_rc 0 "version" version
if grep -qE '^casegraph [0-9]+\.[0-9]+' "$WORK/out"; then
	pass "version prints 'casegraph X.Y...'"
else
	fail "version output" "stdout: $(cat "$WORK/out")"
fi

# every command in the help listing answers --help with 0
run help
commands=$(awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' "$WORK/out")
if [ -z "$commands" ]; then
	fail "help lists no commands" "stdout: $(cat "$WORK/out")"
fi
for c in $commands; do
	expect_rc 0 "$c --help" "$c" --help
	if [ -s "$WORK/out" ]; then
		pass "$c --help prints to stdout"
	else
		fail "$c --help prints nothing on stdout"
	fi
	expect_rc 0 "help $c" help "$c"
done

# ---- bad input ----

expect_rc 1 "missing input file" stats "$WORK/no-such-file.csv"
expect_grep err "no-such-file.csv: cannot open" "missing input file is named"
printf 'hello,world\n1,2\n' >"$WORK/undetectable.csv"
expect_rc 3 "undetectable file" stats "$WORK/undetectable.csv"
expect_grep err "undetectable.csv:1: cannot detect the format" "undetectable file is explained"
: >"$WORK/empty.csv"
expect_rc 3 "empty file" stats "$WORK/empty.csv"
expect_rc 3 "duplicate header column" stats "$DATA/bad/dup_header.csv"
expect_grep err "dup_header.csv:1:4: duplicate column 'name' in header" "duplicate header is explained"

expect_rc 0 "bad rows without --strict" stats -q "$DATA/bad/wrong_columns.csv"
expect_grep err "$DATA/bad/wrong_columns.csv:3: expected 5 fields, found 4" "rejected row printed as file:line: reason"
expect_grep err "$DATA/bad/wrong_columns.csv:4: expected 5 fields, found 6" "every rejected row is printed"
expect_grep out "2 rejected" "stats counts the rejected rows"
expect_rc 3 "--strict with a bad row" stats --strict "$DATA/bad/wrong_columns.csv"
expect_grep err "wrong_columns.csv:3: expected 5 fields, found 4" "--strict names the first bad row"
expect_rc 3 "--strict import" import --strict "$DATA/bad/wrong_columns.csv" -o "$WORK/strict.jsonl"
if [ ! -e "$WORK/strict.jsonl" ]; then
	pass "--strict import writes no graph"
else
	fail "--strict import wrote $WORK/strict.jsonl"
fi
expect_rc 0 "--max-errors 1" stats -q --max-errors 1 "$DATA/bad/wrong_columns.csv"
if [ "$(grep -c 'expected 5 fields' "$WORK/err")" -eq 1 ]; then
	pass "--max-errors 1 prints one rejected row"
else
	fail "--max-errors 1" "stderr: $(cat "$WORK/err")"
fi
expect_grep err "1 more rejected rows not shown" "--max-errors says how many were not shown"

# ---- import ----

expect_rc 0 "import the example" import "${EXAMPLE_INPUTS[@]}" -o "$WORK/example.jsonl"
if [ -s "$WORK/example.jsonl" ]; then
	pass "import wrote the graph file"
else
	fail "import wrote no graph file"
fi
if [ "$(find "$WORK" -name '*.tmp.*' | wc -l)" -eq 0 ]; then
	pass "import leaves no temporary file"
else
	fail "import left temporary files" "$(find "$WORK" -name '*.tmp.*')"
fi
expect_grep err "wrote $WORK/example.jsonl: 69 entities" "import reports what it wrote"
expect_rc 0 "re-import the written graph" import "$WORK/example.jsonl" -o "$WORK/again.jsonl"
if cmp -s "$WORK/example.jsonl" "$WORK/again.jsonl"; then
	pass "re-import writes the same bytes"
else
	fail "re-import changed the graph" "$(cmp "$WORK/example.jsonl" "$WORK/again.jsonl" 2>&1)"
fi
expect_rc 0 "stats on the written graph" stats --json -q "$WORK/example.jsonl"
expect_grep out '"entities":69' "the written graph has 69 entities"

expect_rc 0 "import to stdout" import -q "${EXAMPLE_INPUTS[@]}" -o -
if cmp -s "$WORK/out" "$WORK/example.jsonl"; then
	pass "import -o - writes the same graph to stdout"
else
	fail "import -o - differs from import -o FILE"
fi

before=$(find "$WORK" | sort)
expect_rc 1 "import into a missing directory" import "${EXAMPLE_INPUTS[@]}" -o "$WORK/missing/dir/graph.jsonl"
expect_grep err "missing/dir/graph.jsonl" "the failed output path is named"
after=$(find "$WORK" | grep -v -e "^$WORK/out\$" -e "^$WORK/err\$" | sort)
before=$(echo "$before" | grep -v -e "^$WORK/out\$" -e "^$WORK/err\$")
if [ ! -e "$WORK/missing" ] && [ "$before" = "$after" ]; then
	pass "a failed import leaves nothing behind"
else
	fail "a failed import left files" "$(diff <(echo "$before") <(echo "$after"))"
fi

echo "old graph" >"$WORK/keep.jsonl"
expect_rc 3 "import with an undetectable input" import "$WORK/undetectable.csv" -o "$WORK/keep.jsonl"
if [ "$(cat "$WORK/keep.jsonl")" = "old graph" ]; then
	pass "a failed import keeps the previous graph file"
else
	fail "a failed import replaced the previous graph file"
fi

if [ -w /dev/full ]; then
	"$CG" import -q "$DATA/good/harbor/nodes.csv" -o - >/dev/full 2>"$WORK/err"
	rc=$?
	if [ "$rc" -eq 1 ]; then
		pass "import -o - to a full device fails (exit 1)"
	else
		fail "import -o - to a full device: exit $rc, want 1 (the graph was lost)"
	fi
else
	echo "skip import -o - to a full device: no /dev/full"
fi

# ---- stats ----

expect_rc 0 "stats --json on the example" stats --json "${EXAMPLE_INPUTS[@]}"
if python3 -c 'import json,sys; json.load(sys.stdin)' <"$WORK/out" 2>"$WORK/pyerr"; then
	pass "stats --json is JSON"
else
	fail "stats --json is not JSON" "$(cat "$WORK/pyerr")"
fi
if python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["entities"] == 69, d["entities"]
assert d["links"] == 102, d["links"]
assert d["rows_read"] == d["rows_imported"] + d["rows_rejected"]
assert sorted(c["name"] for c in d["cases"]) == ["front-company", "laptop-farm", "payroll"]
' <"$WORK/out" 2>"$WORK/pyerr"; then
	pass "stats --json: 69 entities, 102 links, counts reconcile, three cases"
else
	fail "stats --json values" "$(cat "$WORK/pyerr")"
fi
expect_rc 0 "stats --case" stats --json -q --case override "$DATA/good/nocase/nodes.csv"
expect_grep out '"name":"override"' "--case names the case of rows without one"
expect_rc 0 "stats on an edge list with --node-type" stats --json -q --node-type person \
	"$EX/payroll/links.csv"

# ---- merges ----

expect_rc 0 "merges on the example" merges "${EXAMPLE_INPUTS[@]}"
if grep -i '"dana marie whitfield"' "$WORK/out" | grep -q '3 records, 3 cases'; then
	pass "merges shows the facilitator merged across 3 cases"
else
	fail "merges: facilitator across 3 cases" "stdout: $(head -c 800 "$WORK/out")"
fi
if grep -q '^bank_account:iban:AE930910004471823096518 .*3 cases' "$WORK/out"; then
	pass "merges shows the shared IBAN entity"
else
	fail "merges: IBAN entity" "stdout: $(grep -i iban "$WORK/out")"
fi
expect_grep out "10 entities merged from several records" "merges counts the merged entities"
if grep -qi 'jordan t reyes' "$WORK/out"; then
	fail "merges merged the two Jordan T. Reyes (different dates of birth)"
else
	pass "merges keeps the near-miss people apart"
fi
expect_rc 0 "merges --json" merges --json -q "${EXAMPLE_INPUTS[@]}"
if python3 -c '
import json, sys
d = json.load(sys.stdin)
m = [x for x in d["merges"] if x["name"].lower().replace("-", " ") == "dana marie whitfield"]
assert len(m) == 1 and m[0]["cases"] == 3, m
assert d["merged_entities"] == len(d["merges"]) == 10
' <"$WORK/out" 2>"$WORK/pyerr"; then
	pass "merges --json is JSON with the facilitator in 3 cases"
else
	fail "merges --json" "$(cat "$WORK/pyerr")"
fi

# ---- merges --candidates: the planted variants of examples/watchlist ----
WL=("${EXAMPLE_INPUTS[@]}" "$EX/watchlist/variants.csv")
expect_rc 0 "merges --candidates" merges --candidates -q "${WL[@]}"
expect_grep out '1.00  person:dana marie whitfield|dob:1984-07-19 ~ person:whitfield dana m|dob:1984-07-19' \
	"candidates: the facilitator reordered with an initial"
expect_grep out 'names 1.00 ("Han Yuqiao" ~ "韩玉乔", transliterated)' \
	"candidates: the nominee in Han characters"
expect_grep out '0.95  company:jade meridian tech fze dubai branch ~ company:reg:AE:KSFZ41772' \
	"candidates: the FZE's branch with a shortened name"
expect_grep out "         $EX/watchlist/variants.csv:5  case variants" \
	"candidates cite both sides' records"
expect_grep out '5 candidate pairs at score 0.80 or more' "candidates are counted"
if grep -q '1508' "$WORK/out"; then
	fail "candidates: the neighbouring office (Room 1508) is listed"
else
	pass "candidates: neighbouring rooms are not one address"
fi
expect_rc 0 "merges --candidates --explain" merges --candidates --explain -q "${WL[@]}"
expect_grep out 'names 1.00 ("JORDAN T REYES" ~ "Jordan T. Reyes"); dates of birth differ (1979-11-08, 1994-06-21); nationality agrees (US, US); 1 neighbour in common; ruled out' \
	"--explain: same-name persons with other dates of birth are ruled out, with why"
expect_grep out 'numbers differ (house, unit, room or company number); ruled out' \
	"--explain: the neighbouring office is ruled out, with why"
expect_rc 0 "merges --candidates --limit 2" merges --candidates --limit 2 -q "${WL[@]}"
expect_grep out '2 candidate pairs at score 0.80 or more' "--limit keeps the best pairs"
expect_rc 0 "merges --candidates --min-score 0.99" merges --candidates --min-score 0.99 -q "${WL[@]}"
expect_grep out '4 candidate pairs at score 0.99 or more' "--min-score"
expect_rc 2 "merges --min-score out of range" merges --candidates --min-score 1.5 -q "${WL[@]}"
expect_grep err "casegraph merges: --min-score wants a number from 0 to 1, not '1.5'" \
	"--min-score out of range: the reason"
expect_rc 0 "merges --candidates --json" merges --candidates --explain --json -q "${WL[@]}"
if python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["count"] == len(d["candidates"]) == 5, d["count"]
s = [c["score"] for c in d["candidates"]]
assert s == sorted(s, reverse=True), s
for c in d["candidates"] + d["ruled_out"]:
    assert c["a"]["id"] < c["b"]["id"], c
    assert c["a"]["records"] and c["b"]["records"], c
    assert all(r["file"] and r["line"] >= 1 for r in c["a"]["records"] + c["b"]["records"])
r = [c for c in d["ruled_out"] if "dob_conflict" in c["features"]["flags"]]
assert len(r) == 2 and all(c["score"] == 0 and c["ruled_out"] for c in r), r
' <"$WORK/out" 2>"$WORK/pyerr"; then
	pass "merges --candidates --json: ordered pairs, both sides cited, dob conflicts ruled out"
else
	fail "merges --candidates --json" "$(cat "$WORK/pyerr")"
fi

# ---- analyze: clusters, brokers and shared on one load ----
expect_rc 0 "analyze --json" analyze --json "${EXAMPLE_INPUTS[@]}"
cp "$WORK/out" "$WORK/analyze.json"
run brokers --json "${EXAMPLE_INPUTS[@]}"
cp "$WORK/out" "$WORK/brokers.json"
run clusters --json "${EXAMPLE_INPUTS[@]}"
cp "$WORK/out" "$WORK/clusters.json"
run shared --json "${EXAMPLE_INPUTS[@]}"
cp "$WORK/out" "$WORK/shared.json"
if python3 -c '
import json, sys
w = sys.argv[1]
a = json.load(open(w + "/analyze.json"))
assert sorted(a) == ["brokers", "clusters", "shared"], sorted(a)
for k in a:
    assert a[k] == json.load(open(w + "/" + k + ".json")), k
' "$WORK" 2>"$WORK/pyerr"; then
	pass "analyze --json holds exactly what clusters, brokers and shared print"
else
	fail "analyze --json differs from the three commands" "$(cat "$WORK/pyerr")"
fi
expect_rc 0 "analyze --timing" analyze --timing -q "${EXAMPLE_INPUTS[@]}"
if [ "$(grep -c '^timing: ' "$WORK/err")" -eq 4 ] && ! grep -q $'\r' "$WORK/err"; then
	pass "--timing prints four stages and no status line when stderr is not a terminal"
else
	fail "--timing output" "stderr: $(head -c 600 "$WORK/err")"
fi
expect_grep out "== brokers ==" "analyze prints the brokers section"

# ---- limits from the command line ----
printf 'id,type,name,case\np1,person,Orla Venn,lim\np2,person,A Name Far Longer Than Forty Bytes In All,lim\n' >"$WORK/lim.csv"
expect_rc 0 "--max-record rejects a long row and keeps the others" stats --max-record 40 "$WORK/lim.csv"
expect_grep err "lim.csv: nodes, 2 rows read, 1 imported, 1 rejected" "--max-record: one of two rows rejected"
expect_rc 3 "--max-columns below the header's width refuses the file" stats --max-columns 3 "$WORK/lim.csv"
expect_grep err "more than 3 fields in one row" "--max-columns names the limit"
expect_rc 2 "--max-record 0 is a usage error" stats --max-record 0 "$WORK/lim.csv"

# ---- progress on a terminal, nothing otherwise ----
awk 'BEGIN { print "id,type,name,case"; for (i = 0; i < 60000; i++) printf "p%d,person,Person Number %d,big\n", i, i }' >"$WORK/big.csv"
expect_rc 0 "a long read, stderr not a terminal" stats "$WORK/big.csv"
if grep -q 'casegraph: reading' "$WORK/err" || grep -q $'\r' "$WORK/err"; then
	fail "progress shown although stderr is not a terminal" "stderr: $(head -c 300 "$WORK/err")"
else
	pass "no progress line when stderr is not a terminal"
fi
if command -v script >/dev/null 2>&1; then
	CG_PROGRESS_INTERVAL=0 script -qec "\"$CG\" stats \"$WORK/big.csv\" >/dev/null" /dev/null >"$WORK/tty" 2>&1
	if grep -q 'casegraph: reading big.csv .*% of' "$WORK/tty"; then
		pass "progress (file, percent, rate) on a terminal"
	else
		fail "no progress on a terminal" "$(head -c 300 "$WORK/tty" | cat -v)"
	fi
	# analyze's stage line is erased before a diagnostic, not written on
	printf 'id,type,name,case\np1,person,Orla Venn,a\np2,person,,a\n' >"$WORK/onebad.csv"
	script -qec "\"$CG\" analyze \"$WORK/onebad.csv\" >/dev/null" /dev/null >"$WORK/tty" 2>&1
	if grep -q $'loading the inputs \\.\\.\\.[^\r]*onebad.csv:3' "$WORK/tty" ||
		! grep -q $'\r\033\\[K[^\r]*onebad.csv:3' "$WORK/tty"; then
		fail "a diagnostic written on the stage line" "$(head -c 400 "$WORK/tty" | cat -v)"
	else
		pass "the stage line erased before a diagnostic"
	fi
	CG_PROGRESS_INTERVAL=0 script -qec "\"$CG\" stats -q \"$WORK/big.csv\" >/dev/null" /dev/null >"$WORK/tty" 2>&1
	if grep -q 'casegraph: reading' "$WORK/tty"; then
		fail "progress shown with --quiet" "$(head -c 300 "$WORK/tty" | cat -v)"
	else
		pass "no progress with --quiet on a terminal"
	fi
else
	echo "skip progress on a terminal: no script(1) on this machine"
fi

# ---- writing to a device: in place, never a rename over it ----
mkfifo "$WORK/fifo"
cat "$WORK/fifo" >"$WORK/fifo.out" &
reader=$!
expect_rc 0 "import to a FIFO" import -q "${EXAMPLE_INPUTS[@]}" -o "$WORK/fifo"
wait "$reader"
if [ -p "$WORK/fifo" ] && grep -q '"format":"casegraph"' "$WORK/fifo.out"; then
	pass "the FIFO is still a FIFO and received the graph"
else
	fail "import -o FIFO replaced the FIFO or wrote nothing"
fi

# ---- outputs over inputs, an input named twice (issue 20, items 7 and 11) ----
# Refused before anything is read (exit 2), and the input left as it was;
# files are compared by device and inode, not by name.
mkdir "$WORK/same"
S=$WORK/same
cp "$EX"/laptop-farm/nodes.csv "$S/nodes.csv"
"$CG" import -q "$EX"/laptop-farm/nodes.csv "$EX"/laptop-farm/links.csv -o "$S/g.dot"
cp "$EX/reports/2023-06-arizona-laptop-farm.md" "$S/briefing.md"
sums_before=$(cksum "$S/nodes.csv" "$S/g.dot" "$S/briefing.md")

# expect_untouched DESCRIPTION: the files in $S are as they were.
expect_untouched() {
	if [ "$(cksum "$S/nodes.csv" "$S/g.dot" "$S/briefing.md")" = "$sums_before" ]; then
		pass "$1: the input is unchanged"
	else
		fail "$1: the input was changed"
	fi
}

expect_rc 2 "import -o its own input" import "$S/nodes.csv" -o "$S/./nodes.csv"
expect_grep err "casegraph import: the output $S/./nodes.csv is also an input" \
	"import -o its own input: refused"
if grep -q "rows read" "$WORK/err"; then
	fail "import -o its own input: the input was read" "$(head -c 300 "$WORK/err")"
else
	pass "import -o its own input: refused before reading"
fi
expect_untouched "import -o its own input"
expect_rc 2 "export -o its own input" export "$S/nodes.csv" --to graphml -o "$S/nodes.csv"
expect_grep err "casegraph export: the output $S/nodes.csv is also an input" \
	"export -o its own input: refused"
expect_untouched "export -o its own input"
cp "$S/nodes.csv" "$S/nodes-person.csv" # a name the Neo4j export writes
expect_rc 2 "export --to neo4j into the input's directory" \
	export "$S/nodes-person.csv" --to neo4j -o "$S"
expect_grep err "casegraph export: the output $S/nodes-person.csv is also an input" \
	"export --to neo4j over an input in the directory: refused"
expect_untouched "export --to neo4j into the input's directory"
expect_rc 2 "render -o its own input" render "$S/g.dot" -o "$S/g.dot"
expect_grep err "casegraph render: the output $S/g.dot is also an input" \
	"render -o its own input: refused"
expect_untouched "render -o its own input"
expect_rc 2 "render -T svg with the DOT beside it an input" render "$S/g.dot" -T svg -o "$S/g.svg"
expect_grep err "casegraph render: the output $S/g.dot is also an input" \
	"render -T: the DOT beside the image is an input: refused"
expect_untouched "render -T with the DOT beside it an input"
expect_rc 2 "report -o the directory of its input briefing.md" \
	report "$S/briefing.md" -o "$S" --no-svg
expect_grep err "casegraph report: the output $S/briefing.md is also an input" \
	"report over an input in its directory: refused"
expect_untouched "report -o the directory of its input"
# nor over the --judgements file, a --gazetteer, a --reference or the
# --mapping: each is named with what it is
printf 'different @laptop-farm/c1 @payroll/c1\n' >"$S/j.txt"
cp "$EX"/front-company/nodes.csv "$S/gaz.csv"
cp "$EX"/payroll/nodes.csv "$S/ref.csv"
cp "$EX"/payments/mapping.json "$S/map.json"
kept_before=$(cksum "$S/j.txt" "$S/gaz.csv" "$S/ref.csv" "$S/map.json")
expect_rc 2 "import -o its --judgements file" import "$S/nodes.csv" --judgements "$S/j.txt" -o "$S/./j.txt"
expect_grep err "casegraph import: the output $S/./j.txt is also the --judgements file $S/j.txt" \
	"import -o its --judgements file: refused, named"
expect_rc 2 "export -o its --judgements file" export "$S/nodes.csv" --judgements "$S/j.txt" \
	--to graphml -o "$S/j.txt"
expect_grep err "casegraph export: the output $S/j.txt is also the --judgements file $S/j.txt" \
	"export -o its --judgements file: refused, named"
expect_rc 2 "report -o the directory of its --judgements file" report "$S/nodes.csv" \
	--judgements "$S/briefing.md" -o "$S" --no-svg --format md
expect_grep err "casegraph report: the output $S/briefing.md is also the --judgements file $S/briefing.md" \
	"report over its --judgements file: refused, named"
expect_rc 2 "import -o its --gazetteer" import "$S/nodes.csv" --gazetteer "$S/gaz.csv" -o "$S/gaz.csv"
expect_grep err "casegraph import: the output $S/gaz.csv is also a --gazetteer $S/gaz.csv" \
	"import -o its --gazetteer: refused, named"
expect_rc 2 "render -o its --reference" render "$S/nodes.csv" --reference "$S/ref.csv" -o "$S/ref.csv"
expect_grep err "casegraph render: the output $S/ref.csv is also a --reference $S/ref.csv" \
	"render -o its --reference: refused, named"
expect_rc 2 "import -o its --reference-mapping" import "$S/nodes.csv" --reference "$S/ref.csv" \
	--reference-mapping "$S/map.json" -o "$S/map.json"
expect_grep err "casegraph import: the output $S/map.json is also the --reference-mapping $S/map.json" \
	"import -o its --reference-mapping: refused, named"
expect_rc 2 "import -o its --mapping" import "$S/nodes.csv" --mapping "$S/map.json" -o "$S/map.json"
expect_grep err "casegraph import: the output $S/map.json is also the --mapping $S/map.json" \
	"import -o its --mapping: refused, named"
if [ "$(cksum "$S/j.txt" "$S/gaz.csv" "$S/ref.csv" "$S/map.json")" = "$kept_before" ]; then
	pass "judgements, gazetteer, reference and mapping unchanged"
else
	fail "a judgements, gazetteer, reference or mapping file was changed"
fi
expect_rc 2 "an input named twice (./x and x)" stats "$S/nodes.csv" "$S/./nodes.csv"
expect_grep err "casegraph stats: $S/nodes.csv and $S/./nodes.csv are the same file" \
	"an input named twice: refused"
ln "$S/nodes.csv" "$S/hardlink.csv"
expect_rc 2 "an input and a hard link to it" stats "$S/nodes.csv" "$S/hardlink.csv"

# ---- inputs that are not regular files (issue 20, item 8) ----
# Each input is opened twice (detection, then reading): a pipe or a device
# is refused before it is opened, never waited on. Under timeout: exit 124
# is a hang. Exit 3: an input that cannot be read; '-' is a usage error.

# expect_rc_within WANT DESCRIPTION ARGS...: expect_rc, killed after 10 s.
expect_rc_within() {
	local want=$1 what=$2
	shift 2
	timeout 10 "$CG" "$@" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		pass "$what (exit $want)"
	else
		fail "$what: exit $rc, want $want" "stderr: $(head -c 400 "$WORK/err")"
	fi
}

mkfifo "$WORK/in.fifo"
expect_rc_within 3 "a FIFO as an input" stats "$WORK/in.fifo" </dev/null
expect_grep err "casegraph: $WORK/in.fifo: not a regular file (casegraph reads its inputs twice: save the data to a file first)" \
	"a FIFO as an input: refused"
expect_rc_within 3 "a FIFO as a gazetteer" stats "$S/nodes.csv" --gazetteer "$WORK/in.fifo" </dev/null
expect_rc_within 3 "/dev/stdin, a pipe, as an input" stats /dev/stdin < <(cat "$S/nodes.csv")
expect_grep err "casegraph: /dev/stdin: not a regular file" "/dev/stdin, a pipe: refused"
expect_rc_within 3 "/dev/zero with --format jsonl" stats --format jsonl /dev/zero </dev/null
expect_grep err "casegraph: /dev/zero: not a regular file" "/dev/zero: refused"
expect_rc_within 3 "/dev/zero with --format ftm" stats --format ftm /dev/zero </dev/null
# ---- a folder as an input (issue 15): its files, sorted, recursively ----
F=$WORK/folder
mkdir -p "$F/in/b/sub" "$F/in/.git"
cp "$EX/front-company/nodes.csv" "$F/in/b/sub/nodes.csv"
cp "$EX/front-company/links.csv" "$F/in/b/sub/links.csv"
cp "$EX/payroll/nodes.csv" "$F/in/a.csv"
printf 'id,type,name\nr1,person,Readme Person\n' >"$F/in/README.csv"
printf 'id,type,name\nh1,person,Hidden Person\n' >"$F/in/.git/x.csv"
printf 'zzz\n' >"$F/in/c.dat"
printf 'id,type,name\ns1,person,Sub Person\n' >"$F/in/b/sub/p.csv"
expect_rc 0 "a folder as an input" import "$F/in" -o "$F/graph.jsonl"
expect_grep err "note: $F/in/README.csv: skipped: README, LICENSE, CHANGELOG and COPYING files in a folder are not read (name the file to read it)" \
	"a folder: README skipped with a note"
expect_grep err "note: $F/in/c.dat: skipped: cannot detect the format" \
	"a folder: a file of unknown format skipped with a note"
order=$(grep -o "^$F/in/[^:]*: [a-z]*," "$WORK/err" | tr '\n' ' ')
want="$F/in/a.csv: nodes, $F/in/b/sub/links.csv: links, $F/in/b/sub/nodes.csv: nodes, $F/in/b/sub/p.csv: nodes, "
if [ "$order" = "$want" ]; then pass "a folder: its files in name order, recursively"; else
	fail "a folder: files read" "got: $order" "want: $want"; fi
if grep -q "Hidden Person\|Readme Person" "$F/graph.jsonl"; then
	fail "a folder: hidden and README files not read"; else pass "a folder: hidden and README files not read"; fi
expect_rc 0 "a folder: stats by case" stats "$F/in" -q
expect_grep out "  sub " "a folder: a file's case is its own folder's name"
expect_rc 0 "a folder and its README named" stats "$F/in" "$F/in/README.csv" -q
expect_rc 2 "a folder and a file in it both named" stats "$F/in" "$F/in/a.csv"
expect_grep err "casegraph stats: $F/in/a.csv (in the folder $F/in) and $F/in/a.csv are the same file: name it once" \
	"a folder and a file in it: refused"
expect_rc 2 "an output inside an input folder" import "$F/in" -o "$F/in/b/new/graph.jsonl"
expect_grep err "casegraph import: the output $F/in/b/new/graph.jsonl is inside the input folder $F/in (it would be read as an input next time): write it elsewhere" \
	"an output inside an input folder: refused"
cp "$F/in/c.dat" "$F/c.dat"
expect_rc 3 "a file of unknown format named on its own" stats "$F/in" "$F/c.dat"
expect_grep err "casegraph: $F/c.dat:1: cannot detect the format" "a file of unknown format named on its own: fails"
expect_rc_within 2 "- as an input" stats - </dev/null
expect_grep err "casegraph: -: standard input is not read" "- as an input: refused"

# ---- directory outputs written as a whole (issue 20, items 5 and 11) ----
# report -o DIR and export --to csv|neo4j -o DIR build the set in
# DIR.tmp.XXXXXX and swap it in place (graph/cg_outfile.h, cg_outdir).

# sums DIR: every file of DIR with its checksum, one a line.
sums() { (cd "$1" && for f in *; do [ -e "$f" ] && echo "$f $(cksum <"$f")"; done); }

D=$WORK/dirout
mkdir -p "$D"
"$CG" import -q "$EX"/payroll/nodes.csv -o "$D/g.jsonl"
chmod 600 "$D/g.jsonl"
"$CG" import -q "$EX"/payroll/nodes.csv "$EX"/payroll/links.csv -o "$D/g.jsonl"
if [ "$(stat -c %a "$D/g.jsonl")" = 600 ]; then
	pass "a replaced graph keeps its mode (0600)"
else
	fail "a replaced graph got mode $(stat -c %a "$D/g.jsonl"), not 600"
fi

mkdir "$D/mine"
echo "my notes" >"$D/mine/notes.txt"
expect_rc 1 "report -o a directory holding a file of the user's" \
	report -q "$EX"/payroll/nodes.csv -o "$D/mine" --no-svg
expect_grep err "casegraph: $D/mine: not replaced: it holds 'notes.txt', which is not one of the files this output writes (give a new or empty directory, or one this output wrote before: it is replaced as a whole)" \
	"report over a user's directory: refused, naming the file"
if [ "$(ls "$D/mine")" = notes.txt ] && [ -z "$(ls -d "$D"/mine.tmp.* 2>/dev/null)" ]; then
	pass "report over a user's directory: left as it was, no temporary directory"
else
	fail "report over a user's directory: now holds $(ls "$D/mine" | tr '\n' ' ')"
fi
"$CG" report -q "$EX"/payroll/nodes.csv "$EX"/payroll/links.csv -o "$D/rep" >/dev/null 2>&1
"$CG" report -q "$EX"/laptop-farm/nodes.csv -o "$D/rep/" --no-svg >/dev/null 2>&1
if [ -z "$(ls "$D"/rep/*.svg 2>/dev/null)" ] && [ -z "$(ls -d "$D"/rep.tmp.* 2>/dev/null)" ] &&
	grep -q laptop-farm "$D/rep/briefing.md"; then
	pass "report over a previous briefing: the new set only, no temporary directory"
else
	fail "report over a previous briefing: $(ls "$D/rep" "$D" | tr '\n' ' ')"
fi

# a full disk: the run fails with the reason, and DIR keeps the whole old set
if [ "$(id -u)" -ne 0 ] || ! mkdir "$D/full" || ! mount -t tmpfs -o size=1m tmpfs "$D/full" 2>/dev/null; then
	echo "skip full-disk checks: mounting a tmpfs needs root"
else
	F=$D/full
	"$CG" report -q "$EX"/payroll/nodes.csv "$EX"/payroll/links.csv -o "$F/r" --no-svg >/dev/null 2>&1
	"$CG" export -q "$EX"/payroll/nodes.csv "$EX"/payroll/links.csv --to csv -o "$F/c" 2>/dev/null
	sums "$F/r" >"$D/r.sums"
	sums "$F/c" >"$D/c.sums"
	dd if=/dev/zero of="$F/fill" bs=4k 2>/dev/null
	truncate -s -24k "$F/fill"
	expect_rc 1 "report on a full disk" report -q "${EXAMPLE_INPUTS[@]}" -o "$F/r"
	expect_grep err "No space left on device" "report on a full disk: says why"
	if grep -q "dot failed\|cannot write the diagram\$" "$WORK/err"; then
		fail "report on a full disk: a reason other than the disk" "$(cat "$WORK/err")"
	else
		pass "report on a full disk: not called a Graphviz failure"
	fi
	if sums "$F/r" | cmp -s - "$D/r.sums"; then
		pass "report on a full disk: the previous briefing, every file as it was"
	else
		fail "report on a full disk: the briefing directory changed" "$(ls "$F/r")"
	fi
	expect_rc 1 "export --to csv on a full disk" export -q "${EXAMPLE_INPUTS[@]}" --to csv -o "$F/c"
	expect_grep err "casegraph: $F/c/" "export on a full disk: names the file"
	expect_grep err ": cannot write: No space left on device" "export on a full disk: says why"
	if sums "$F/c" | cmp -s - "$D/c.sums"; then
		pass "export on a full disk: the previous export, every file as it was"
	else
		fail "export on a full disk: the export directory changed"
	fi
	if [ -z "$(ls -d "$F"/*.tmp.* 2>/dev/null)" ]; then
		pass "full disk: no temporary directory left"
	else
		fail "full disk: left $(ls -d "$F"/*.tmp.*)"
	fi
	umount "$F"
fi

# ---- briefing: no autolinks in GitHub-flavoured Markdown (issue 20, item 11) ----
if ! command -v cmark-gfm >/dev/null; then
	fail "cmark-gfm is not installed: install it (apt-get install cmark-gfm) to check the briefing's Markdown"
else
	printf 'id,type,name,case\np1,person,http://evil.example/x,one\np2,company,www.evil.example,one\np3,company,a@b.example,one\np4,person,Plain Name,one\n' >"$D/n.csv"
	printf 'source,target,type,case,amount,currency\np1,p2,pays,one,100,USD\np2,p3,pays,one,200,USD\np3,p4,pays,one,300,USD\np4,p1,pays,one,400,USD\n' >"$D/l.csv"
	"$CG" report -q "$D/n.csv" "$D/l.csv" -o "$D/gfm" --no-svg >/dev/null 2>&1
	cmark-gfm -e autolink -e table "$D/gfm/briefing.md" >"$D/gfm.html"
	if grep -q 'href="[^"]*\(evil\|b\.example\)' "$D/gfm.html"; then
		fail "names in briefing.md became links" "$(grep -o '<a href="[^"]*"' "$D/gfm.html" | sort -u | head -5)"
	else
		pass "URLs, www. and e-mail addresses in names are not links in briefing.md"
	fi
	if grep -q 'http://evil.example/x' "$D/gfm.html" && grep -q 'www.evil.example' "$D/gfm.html" &&
		grep -q 'a<code>@</code>b.example' "$D/gfm.html"; then
		pass "the names still read as they are"
	else
		fail "the names no longer read as they are"
	fi
fi

# ---- the briefing lists what the exclusion lists left out (issue 15) ----
expect_rc 0 "report with the default exclusions" \
	report "$EX"/*/nodes.csv "$EX"/*/links.csv -o "$WORK/excl-brief" --no-svg -q
cp "$WORK/excl-brief/briefing.md" "$WORK/out"
expect_grep out "14 left out by the exclusion lists (below)" "the briefing counts the values left out"
expect_grep out '`ip:203.0.113.47`: casegraph default\: reserved IP ranges' \
	"the briefing names each value left out and the list that matched it"
expect_rc 0 "report without the default exclusions" \
	report "$EX"/*/nodes.csv "$EX"/*/links.csv -o "$WORK/excl-brief2" --no-svg -q \
	--no-default-exclusions
if grep -q "left out by the exclusion lists" "$WORK/excl-brief2/briefing.md"; then
	fail "nothing left out, yet the briefing lists exclusions"
else
	pass "nothing left out: no exclusion list in the briefing"
fi

# ---- context connects nothing: the real ATT&CK ICS bundle (issue 15) ----
ICS=$ROOT/../shared/realdata/mitre-attack-ics/ics-attack-18.1.json
if [ -f "$ICS" ]; then
	expect_rc 0 "brokers on the ATT&CK ICS bundle" brokers -q --top 10 "$ICS"
	if grep -E '^ +[0-9]+\. ' "$WORK/out" | grep -qE 'x_mitre_|course_of_action:|report:'; then
		fail "ATT&CK assets, mitigations or reports among the top brokers" \
			"$(grep -E '^ +[0-9]+\. ' "$WORK/out")"
	else
		pass "no ATT&CK asset, mitigation or report among the top 10 brokers"
	fi
else
	echo "skip the ATT&CK ICS bundle check: $ICS is absent (../shared not here)"
fi

# ---- finding entities by what the analyst types (issue 16 items 1 and 4) ----

LK=("$ROOT"/tests/data/lookup/nodes.csv "$ROOT"/tests/data/lookup/links.csv)
expect_rc 0 "--entity takes a name with commas whole" network "${LK[@]}" -q \
	--entity "HARROWGATE SILVERLINE NETWORK TECHNOLOGY CO., LTD." --entity "Orrin Tavelle"
expect_grep out "connecting network of 2 seeds: 4 entities, 3 links" "--entity: the network"
expect_rc 0 "a registration number names its company" path "${LK[@]}" -q \
	--from 91990001-MA0Z00X1Q --to "Orrin Tavelle"
expect_grep out 'company:reg:CN:91990001MA0Z00X1Q "HARROWGATE' "lookup by registration number"
expect_rc 0 "a unique part of a name" path "${LK[@]}" -q --from "M. Stanchev" --to tavelle
expect_grep out 'person:orrin tavelle "Orrin Tavelle"' "lookup by a unique part of a name"
expect_rc 2 "an ambiguous part of a name" path "${LK[@]}" -q --from harrowgate --to tavelle
expect_grep err "casegraph: --from: 'harrowgate' matches 2 entities: company:reg:CN:91990001MA0Z00X1Q (HARROWGATE SILVERLINE NETWORK TECHNOLOGY CO., LTD.), company:harrowgate silverline trading (Harrowgate Silverline Trading); name one by its id" \
	"an ambiguous name lists its candidates"
expect_rc 3 "an unknown name" path "${LK[@]}" -q --from "Mirela Stanchevv" --to tavelle
expect_grep err "casegraph: --from: no entity matches 'Mirela Stanchevv' (by id, identifier, name, alias or part of a name); did you mean (closest names): person:mirela stanchev (Mirela Stanchev)?" \
	"an unknown name gets the closest names"
expect_rc 2 "one name, two ids of one case: two entities" path "${LK[@]}" -q \
	--from "Quillmoor Relief Foundation" --to tavelle
expect_grep err "matches 2 entities: company:quillmoor relief foundation (Quillmoor Relief Foundation), company:quillmoor relief foundation#2 (QUILLMOOR RELIEF FOUNDATION)" \
	"same-name records of one case stay apart"
expect_rc 2 "a mistyped command" brokres "${LK[@]}"
expect_grep err "casegraph: unknown command 'brokres'; did you mean 'brokers'?" \
	"a mistyped command gets a suggestion"
expect_rc 2 "a mistyped option" path "${LK[@]}" --form x --to y
expect_grep err "casegraph path: unknown option '--form'; did you mean '--from'? (see --help)" \
	"a mistyped option gets a suggestion"
expect_rc 2 "an analysis option given to stats" stats "${LK[@]}" --timing
expect_grep err "casegraph stats: '--timing' is an option of the analyses (analyze, clusters, brokers, shared), not of stats (see --help)" \
	"an analysis option elsewhere is named as such, not suggested as itself"

# ---- repeated payments are separate money (issue 20 item 10) ----
D=$WORK/repeated
mkdir -p "$D/a" "$D/b"
printf 'source,target,type,amount,currency,date\nacct-1,acct-2,pays,10,USD,2024-01-01\nacct-1,acct-2,pays,10,USD,2024-01-01\nacct-1,acct-2,pays,10.00,usd,2024-01-01\n' >"$D/a/links.csv"
expect_rc 0 "three equal payment rows import" import "$D/a/links.csv" -o "$D/g.jsonl"
expect_grep err "3 links" "three equal payment rows are three links"
expect_rc 0 "money over the three payments" money "$D/g.jsonl"
expect_grep out "out 30.00 (3 links)" "money totals the three equal payments: 30, not 10"
# the graph read back with its CSV: each row merges with its own link
expect_rc 0 "the graph and its CSV" import "$D/g.jsonl" "$D/a/links.csv" -o "$D/g2.jsonl"
expect_grep err "3 links" "the graph read back with its CSV still has three links"
# invalid identifiers no longer merge by their digits
printf 'id,type,name\ni1,ip,999.1.1.1\ni2,ip,9991.1.1\n' >"$D/b/nodes.csv"
expect_rc 0 "two invalid IPs" import "$D/b/nodes.csv" -o "$D/ips.jsonl"
expect_grep err "2 entities (0 records merged" "999.1.1.1 and 9991.1.1 are two entities"

# ---- MISP warninglists and the built-in default exclusions (issue 15) ----
WL=$ROOT/tests/data/warninglists
# the example's documentation addresses and .example/.test names: left out by
# the default, each listed with the list that matched it
expect_rc 0 "shared with the default exclusions" shared "${EXAMPLE_INPUTS[@]}"
expect_grep out 'ip:198.51.100.23 "198.51.100.23"  (casegraph default: reserved IP ranges)' \
	"shared lists a documentation address with the default list"
expect_grep out "excluded (on a list, not used to connect cases):" "shared has an excluded section"
expect_rc 0 "shared --json with the default" shared --json "${EXAMPLE_INPUTS[@]}"
expect_grep out '"id":"domain:bluecrest-digital.example","type":"domain","name":"bluecrest-digital.example","list":"casegraph default: reserved names (example, test, invalid, localhost)"' \
	"JSON names the list of each excluded value"
expect_rc 0 "--no-default-exclusions" shared --json --no-default-exclusions "${EXAMPLE_INPUTS[@]}"
expect_grep out '"excluded":[]' "--no-default-exclusions excludes nothing"
# a warninglist folder: brokers' text names each value and its list
printf 'id,type,name\ni1,ip,8.8.8.8\ni2,domain,x.cdn.net\np1,person,Ann\n' >"$WORK/wl-nodes.csv"
printf 'source,target,type\np1,i1,uses\np1,i2,uses\n' >"$WORK/wl-links.csv"
expect_rc 0 "brokers --warninglists" brokers --warninglists "$WL" "$WORK/wl-nodes.csv" "$WORK/wl-links.csv"
expect_grep out 'excluded: ip:8.8.8.8 "8.8.8.8"  (Test IPv4 ranges)' "brokers names the matching list"
expect_grep out 'excluded: domain:x.cdn.net "x.cdn.net"  (Test hostnames)' "hostname lists match subdomains"
# past 20 excluded entities, the text counts them by list with three of each;
# --all-excluded (and --json) lists every one
{
	echo id,type,name
	echo p1,person,Ann
	for i in $(seq 1 24); do echo "i$i,ip,192.0.2.$i"; done
	echo d1,domain,x.cdn.net
} >"$WORK/many-nodes.csv"
{
	echo source,target,type
	for i in $(seq 1 24); do echo "p1,i$i,uses"; done
	echo p1,d1,uses
} >"$WORK/many-links.csv"
expect_rc 0 "brokers with 25 excluded" brokers --warninglists "$WL" "$WORK/many-nodes.csv" "$WORK/many-links.csv"
expect_grep out '  excluded: 24 by casegraph default: reserved IP ranges, e.g. ip:192.0.2.1 "192.0.2.1", ip:192.0.2.10 "192.0.2.10", ip:192.0.2.11 "192.0.2.11"' \
	"many excluded: counted by list with three examples"
expect_grep out '  excluded: 1 by Test hostnames, e.g. domain:x.cdn.net "x.cdn.net"' \
	"many excluded: each list its own line"
expect_grep out '  excluded: (each of the 25: --all-excluded, or --json)' "many excluded: how to see all"
if grep -q 'ip:192.0.2.24 ' "$WORK/out"; then
	fail "many excluded: not every one listed without --all-excluded" "$(head -c 400 "$WORK/out")"
else
	pass "many excluded: not every one listed without --all-excluded"
fi
expect_rc 0 "shared --all-excluded" shared --all-excluded --warninglists "$WL" "$WORK/many-nodes.csv" "$WORK/many-links.csv"
expect_grep out '  ip:192.0.2.24 "192.0.2.24"  (casegraph default: reserved IP ranges)' \
	"--all-excluded lists every one"
expect_grep err "h-bad-entries/list.json:7: 'not-a-range' is not an address or CIDR range, left out" \
	"a bad list entry is noted with file and line"
# the same lists through the environment, two folders separated by ':'
CASEGRAPH_WARNINGLISTS="$WORK/nowhere-empty:$WL" run brokers "$WORK/wl-nodes.csv" "$WORK/wl-links.csv"
expect_grep err "nowhere-empty: no MISP warninglists here: not a folder or a list.json" \
	"a CASEGRAPH_WARNINGLISTS folder that is missing is an error"
CASEGRAPH_WARNINGLISTS="$WL" run brokers --json "$WORK/wl-nodes.csv" "$WORK/wl-links.csv"
expect_grep out '"id":"ip:8.8.8.8","type":"ip","name":"8.8.8.8","list":"Test IPv4 ranges"' \
	"CASEGRAPH_WARNINGLISTS loads the lists"
expect_rc 1 "--warninglists on a folder without lists" brokers --warninglists "$WORK" "$WORK/wl-nodes.csv"
expect_grep err "no MISP warninglists here (no lists/<name>/list.json)" "a folder without lists is named"

# time spans (docs/MODEL.md, "Time spans"): a report's date dates what it
# mentions, a MISP attribute's first_seen/last_seen or else its event's date,
# a STIX relationship's start_time; shared --within separates by time
TIME="$ROOT/tests/data/time"
expect_rc 0 "import keeps time spans" import -q -o - "$TIME/report-q/grimfox.md" \
	"$TIME/misp/event.json" "$TIME/stix/bundle.json"
expect_grep out '"line":8,"case":"grimfox","first_seen":"2024-02-10","last_seen":"2024-02-10"' \
	"a report's front-matter date dates its mentions"
expect_grep out '"first_seen":"2023-03-30T00:00:00.000000+00:00","last_seen":"2023-04-01T00:00:00.000000+00:00"' \
	"a MISP attribute keeps its own span as written"
expect_grep out '"case":"GrimFox staging","via":"quillmark-login.net","first_seen":"2023-04-02","last_seen":"2023-04-02"' \
	"a MISP attribute without one takes its event's date"
expect_grep out '"case":"stix","first_seen":"2022-02-02T00:00:00Z"}' \
	"a STIX relationship keeps its start_time"
expect_rc 0 "a STIX report's published date" import -q -o - "$TIME/stix/report-bundle.json"
expect_grep out '"case":"Quiet Harbor","id":"malware--2","first_seen":"2022-09-14T00:00:00Z","last_seen":"2022-09-14T00:00:00Z"' \
	"what a STIX report names without a date of its own takes the report's published"
expect_grep out '"case":"Quiet Harbor","id":"indicator--3","first_seen":"2022-08-01T00:00:00Z"}' \
	"an indicator keeps its own valid_from"
expect_rc 0 "shared --within 90" shared --within 90 --no-default-exclusions "$TIME/report-q/grimfox.md" \
	"$TIME/misp/event.json"
expect_grep out "outside the 90-day window" "the window is named"
expect_grep out 'seen: GrimFox staging 2023-03-30T00:00:00.000000+00:00 .. 2023-04-01T00:00:00.000000+00:00; grimfox 2024-02-10 .. 2024-02-10' \
	"each case's span is shown as written"
expect_rc 0 "shared --within 400" shared --within 400 --json --no-default-exclusions \
	"$TIME/report-q/grimfox.md" "$TIME/misp/event.json"
expect_grep out '"within_days":400,"outside_window":[]' "a wide window keeps them shared"

# ---- screening against a reference list (--reference, casegraph screen) ----
SCR=$ROOT/tests/data/screen
expect_rc 2 "screen without --reference" screen "$SCR/cases.csv"
expect_grep err "casegraph screen: --reference FILE is required" "screen says what it needs"
expect_rc 2 "--reference-depth 2" stats "$SCR/cases.csv" --reference "$SCR/list.csv" --reference-depth 2
expect_grep err "casegraph: --reference-depth is 0 or 1, not '2'" "the depth's range is named"
expect_rc 2 "--min-score 1.5" stats "$SCR/cases.csv" --reference "$SCR/list.csv" --min-score 1.5
expect_rc 2 "--min-score without --reference" stats "$SCR/cases.csv" --min-score 0.9
expect_grep err "need --reference FILE" "the screening options need a list"
expect_rc 2 "an unknown preset" stats "$SCR/cases.csv" --reference "$SCR/list.csv" \
	--reference-mapping no-such-preset
expect_grep err "--reference-mapping no-such-preset: no such file, and no preset of that name" \
	"an unknown preset is named"
expect_rc 0 "screen the fixture" screen "$SCR/cases.csv" --reference "$SCR/list.csv" \
	--reference "$SCR/list-links.csv"
expect_grep err "screening: 8 of 14 reference entries match 8 entities" "the summary line counts the hits"
expect_grep out "8 entities of the inputs on the reference lists (8 list records)" "screen counts them"
expect_grep out "matched by reordered (name:kejia wang), score 0.80" "a reordered name says so"
expect_grep out "cited: $SCR/cases.csv:7  case alpha" "a hit cites the case's record"
if grep -q "Pak Jin Hyok\|Sunrise Harbour Shipping" "$WORK/out"; then
	fail "a near miss is no hit" "$(grep -n 'Pak Jin Hyok\|Sunrise Harbour Shipping' "$WORK/out")"
else
	pass "a near miss is no hit"
fi
expect_rc 2 "a file both an input and a reference" stats "$SCR/cases.csv" "$SCR/list.csv" \
	--reference "$SCR/list.csv"
expect_grep err "is both an input and a --reference" "the double role is refused and named"
expect_rc 0 "a gazetteer and a reference together" stats "$SCR/cases.csv" --reference "$SCR/list.csv" \
	--gazetteer "$SCR/list.csv"
n=$(grep -c '^screening:' "$WORK/err")
if [ "$n" -eq 1 ]; then
	pass "the gazetteer is not screened itself (one screening line)"
else
	fail "the gazetteer is not screened itself: $n screening lines" "$(cat "$WORK/err")"
fi
expect_rc 0 "screen --json" screen --json -q "$SCR/cases.csv" --reference "$SCR/list.csv"
expect_grep out '"how":"key","score":1.00,"via":"reg:US-DE:RN55120","reference":{"file":"'"$SCR"'/list.csv","line":7,"list":"watchlist","id":"w6"},"listing":{"program":["DPRK3"],"list_id":["WL-006"],"listed_on":["2025-11-02"]}' \
	"the JSON hit carries the list's record and listing"
expect_rc 0 "the list is no case" stats -q "$SCR/cases.csv" --reference "$SCR/list.csv"
if grep -q "watchlist" "$WORK/out"; then
	fail "stats lists no list as a case" "$(grep -n watchlist "$WORK/out")"
else
	pass "stats lists no list as a case"
fi
expect_rc 0 "the example against its watchlist (OFAC's format, through the preset)" \
	screen -q "${EXAMPLE_INPUTS[@]}" --reference "$EX/watchlist/sdn.csv" --reference-mapping ofac-sdn
expect_grep out "Jade Meridian Technologies FZE" "the listed front company is found"
expect_grep out "program: DPRK3; DPRK4" "its programs are shown"
if grep -q "WHITFIELD\|Whitfield" "$WORK/out"; then
	fail "a namesake with another date of birth is no hit"
else
	pass "a namesake with another date of birth is no hit"
fi
expect_rc 0 "report with --reference" report -q "${EXAMPLE_INPUTS[@]}" -o "$WORK/screened" \
	--reference "$EX/watchlist/sdn.csv" --reference-mapping ofac-sdn --format md
expect_grep_file() { if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3" "not in $1: $2"; fi; }
expect_grep_file "$WORK/screened/briefing.md" "## Screening hits" "the briefing has a screening section"
expect_grep_file "$WORK/screened/briefing.md" "- **On a reference list:** 5 entities of the cases" \
	"the key findings count the hits"
expect_grep_file "$WORK/screened/cases.dot" "[on a reference list]" "the diagrams mark a hit"
# section 7: what the reports say, each tie with its sentence and line
expect_rc 0 "report of the cases and their reports" report -q "${EXAMPLE_INPUTS[@]}" "$EX"/reports/*.md \
	-o "$WORK/with-reports" --format md
B=$WORK/with-reports/briefing.md
expect_grep_file "$B" "## 7. What the reports say" "the briefing has a section of what the reports say"
expect_grep_file "$B" "| \`$EX/reports/2024-05-usdt-payout-wallet.md:9\` | **Jade Meridian Technologies FZE** holds account **AE930910004471823096518** | Jade Meridian Technologies FZE wired 21,900 USD from its account AE930910004471823096518 to an OTC desk" \
	"a typed tie of a report is shown with its sentence and line"
expect_grep_file "$B" "**Orchid Lane Software Trading Co., Ltd.** (company, line 7)" \
	"a company a report names is listed with its line"
expect_rc 0 "report of a report read with a gazetteer" report -q "$EX/reports/2023-06-arizona-laptop-farm.md" \
	--gazetteer "$ROOT/gazetteers/dprk-threat-actors.csv" -o "$WORK/denied" --format md --no-svg
expect_grep_file "$WORK/denied/briefing.md" "Named only to deny or doubt it, so no entity: Lazarus Group." \
	"a name a report only denies is listed apart"
expect_rc 0 "the redacted briefing with reports" report -q "${EXAMPLE_INPUTS[@]}" "$EX"/reports/*.md \
	-o "$WORK/with-reports-r" --format md --redact
if grep -q "(withheld: redacted)" "$WORK/with-reports-r/briefing.md" &&
	! grep -q "wired 21,900 USD" "$WORK/with-reports-r/briefing.md"; then
	pass "a redacted briefing withholds the reports' sentences"
else
	fail "a redacted briefing withholds the reports' sentences"
fi
# a report's heading: its title withheld (a title can name people), its
# document's name redacted as everywhere else
if grep -q "^### .*: (title withheld: redacted)$" "$WORK/with-reports-r/briefing.md" &&
	! grep -q "Threat Actor" "$WORK/with-reports-r/briefing.md" &&
	! grep -q "^### 2024-05-usdt-payout-wallet" "$WORK/with-reports-r/briefing.md" &&
	grep -q "^### 2024-05-usdt-payout-wallet: Threat Actor" "$B"; then
	pass "a redacted briefing withholds the reports' titles and redacts their names"
else
	fail "a redacted briefing withholds the reports' titles and redacts their names"
fi

echo
# ---- render --timeline (issue 17 item 3): dated links and records in time
# order, a lane per case or entity, payments with amounts, first and last
# sight of what two cases share
T=$ROOT/tests/data/time/csv
expect_rc 0 "render --timeline --text" render -q "$T"/nodes.csv "$T"/links.csv --timeline --text
cat >"$WORK/want" <<'TL'
timeline by case: 8 events, 1 link without a date left out
2023-01-10  alpha: first sight of 203.0.113.9 (shared by 2 cases)
2023-01-10  alpha: ip seen: 203.0.113.9 (to 2023-02-20) [TDIR/nodes.csv:2]
2023-02-01  alpha: Northwind 1001 pays Eastgate 2002 1,200.00 USD [TDIR/links.csv:3]
2023-02-15  alpha: Northwind 1001 pays Eastgate 2002 800.50 USD [TDIR/links.csv:4]
2023-03-05  beta: ip seen: 203.0.113.9 (to 2023-04-30) [TDIR/nodes.csv:6]
2023-03-07  beta: login-northwind.example resolves_to 203.0.113.9 [TDIR/links.csv:5]
2023-03-07  beta: domain seen: login-northwind.example [TDIR/nodes.csv:7]
2023-04-30  beta: last sight of 203.0.113.9 (shared by 2 cases)
TL
sed -i "s|TDIR|$T|" "$WORK/want"
if diff -u "$WORK/want" "$WORK/out" >"$WORK/diff"; then
	pass "timeline by case: events in time order, amounts, first and last sight"
else
	fail "timeline by case" "$(head -20 "$WORK/diff")"
fi
expect_rc 0 "render --timeline --by entity --text" render -q "$T"/nodes.csv "$T"/links.csv \
	--timeline --by entity --text
expect_grep out "2023-01-10  203.0.113.9: ip seen: 203.0.113.9 (to 2023-04-30) [$T/nodes.csv:2]" \
	"timeline by entity: one lane per entity, its span over all cases"
expect_rc 0 "render --timeline -o DOT" render -q "$T"/nodes.csv "$T"/links.csv --timeline \
	-o "$WORK/tl.dot" --date 2024-01-01
expect_grep_file "$WORK/tl.dot" '"2 payments 2,000.50 USD' "timeline DOT: a cell sums its payments"
expect_grep_file "$WORK/tl.dot" 'Drawn 2024-01-01: 8 events, 1 link without a date left out.' \
	"timeline DOT: the legend counts the events"
if command -v dot >/dev/null && dot -Tsvg "$WORK/tl.dot" -o /dev/null 2>"$WORK/dot.err"; then
	pass "timeline DOT: Graphviz reads it"
elif command -v dot >/dev/null; then
	fail "timeline DOT: Graphviz refuses it" "$(head -3 "$WORK/dot.err")"
fi
expect_rc 2 "render --timeline --by month" render -q "$T"/nodes.csv --timeline --by month
expect_grep err "casegraph render: --by 'month': use case or entity" "--by: the choices named"
expect_rc 2 "render --by without --timeline" render -q "$T"/nodes.csv --by case
expect_grep err "casegraph render: --by and --text go with --timeline" "--by alone: refused"
expect_rc 2 "render --timeline --text -T svg" render -q "$T"/nodes.csv --timeline --text \
	-T svg -o "$WORK/tl.svg"
expect_grep err "casegraph render: --text writes a table: it takes no -T" "--text -T: refused"

# ---- a --gazetteer inside an input folder is read as a gazetteer only, as
# the --judgements file is (a note names it); with --mapping too
mkdir -p "$WORK/gz/in" "$WORK/gz/paid"
cp "$EX"/payroll/nodes.csv "$EX"/reports/2023-06-arizona-laptop-farm.md "$WORK/gz/in/"
cp "$EX/payments/transactions.csv" "$WORK/gz/paid/"
printf 'id,type,name\ng1,person,Dana-Marie Whitfield\ng2,company,Cobaltline Staffing\n' \
	>"$WORK/gz/in/gaz.csv"
cp "$WORK/gz/in/gaz.csv" "$WORK/gz/paid/gaz.csv"
GZNOTE="skipped: the --gazetteer file is read as a gazetteer, not as an input"
expect_rc 0 "a folder holding its --gazetteer" stats "$WORK/gz/in" --gazetteer "$WORK/gz/in/gaz.csv"
if grep -qxF "note: $WORK/gz/in/gaz.csv: $GZNOTE" "$WORK/err" &&
	! grep -q "^$WORK/gz/in/gaz.csv: .*rows read" "$WORK/err" &&
	grep -q "^$WORK/gz/in/nodes.csv: nodes, 25 rows read" "$WORK/err"; then
	pass "the --gazetteer in the folder is skipped with a note, the other files read"
else
	fail "the --gazetteer in the folder" "$(head -c 800 "$WORK/err")"
fi
expect_rc 0 "a folder holding its second --gazetteer" stats "$WORK/gz/in" \
	--gazetteer "$WORK/gz/paid/gaz.csv" --gazetteer "$WORK/gz/./in/gaz.csv"
if grep -qxF "note: $WORK/gz/in/gaz.csv: $GZNOTE" "$WORK/err" &&
	! grep -q "^$WORK/gz/in/gaz.csv: .*rows read" "$WORK/err"; then
	pass "the second --gazetteer, named another way, in the folder: skipped with a note"
else
	fail "the second --gazetteer in the folder" "$(head -c 800 "$WORK/err")"
fi
expect_rc 0 "a folder holding its --gazetteer, with --mapping" stats "$WORK/gz/paid" \
	--gazetteer "$WORK/gz/paid/gaz.csv" --mapping "$EX/payments/mapping.json"
if grep -qxF "note: $WORK/gz/paid/gaz.csv: $GZNOTE" "$WORK/err" &&
	! grep -q "^$WORK/gz/paid/gaz.csv: .*rows read" "$WORK/err"; then
	pass "with --mapping: the --gazetteer in the folder is skipped with a note"
else
	fail "with --mapping: the --gazetteer in the folder" "$(head -c 800 "$WORK/err")"
fi

# --redact: no output of render --timeline (DOT, SVG, text; by case and by
# entity) names a person of the example: every name and alias of every
# person of the graph, looked for case-insensitively
RIN=("$EX"/*/nodes.csv "$EX"/*/links.csv "$EX"/payments/mapping.json "$EX"/misp-event.json
	"$EX"/ftm-entities.json "$EX"/reports/*.md --no-default-exclusions)
"$CG" export -q "${RIN[@]}" --to jsonl -o "$WORK/red.jsonl" 2>/dev/null
python3 "$ROOT/tests/person_names.py" "$WORK/red.jsonl" >"$WORK/persons.txt"
mkdir -p "$WORK/redtl"
# redrun NAME ARGS...: render --timeline --redact ARGS, stdout and stderr kept as NAME.*
redrun() {
	local name=$1
	shift
	run render -q "${RIN[@]}" --timeline --redact "$@"
	cp "$WORK/out" "$WORK/redtl/$name.stdout"
	cp "$WORK/err" "$WORK/redtl/$name.stderr"
}
for by in case entity; do
	redrun "$by-dot" --by "$by" -o "$WORK/redtl/$by.dot"
	redrun "$by-text" --by "$by" --text -o "$WORK/redtl/$by.txt"
	redrun "$by-dot-out" --by "$by"
	redrun "$by-text-out" --by "$by" --text
	if command -v dot >/dev/null; then
		redrun "$by-svg" --by "$by" -T svg -o "$WORK/redtl/$by.svg"
	fi
done
nfiles=$(ls "$WORK/redtl" | wc -l)
if [ "$(wc -l <"$WORK/persons.txt")" -ge 20 ] && [ "$nfiles" -ge 20 ] &&
	grep -q '^DANA MARIE WHITFIELD$' "$WORK/persons.txt" && [ -s "$WORK/redtl/entity.txt" ] &&
	! grep -qiF -f "$WORK/persons.txt" "$WORK/redtl"/*; then
	pass "render --timeline --redact (by case and entity; DOT, SVG, text): no person's name"
else
	fail "render --timeline --redact: a person's name left in ($(wc -l <"$WORK/persons.txt") names, $nfiles files)" \
		"$(grep -oiF -f "$WORK/persons.txt" "$WORK/redtl"/* | sort | uniq -c | head -8)"
fi

if [ "$failures" -eq 0 ]; then
	echo "all $checks checks passed"
	exit 0
fi
echo "$failures of $checks checks failed"
exit 1
