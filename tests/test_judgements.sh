#!/usr/bin/env bash
# Tests of analyst judgements (docs/MODEL.md, "Judgements"): --judgements
# FILE on loading, merges --accept / --reject appending to it, the round
# trip (judge, re-import, still judged), bad lines with FILE:LINE, and
# unknown entities and records with "did you mean".
#
# usage: tests/test_judgements.sh PATH-TO-CASEGRAPH
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 PATH-TO-CASEGRAPH" >&2
	exit 2
fi
CG=$1
ROOT=${CG_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
EX=$ROOT/examples

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cg_test_judge.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
# the example's nodes files, copied so that @FILE:LINE names are short
mkdir -p "$WORK/front-company" "$WORK/laptop-farm" "$WORK/payroll"
for c in front-company laptop-farm payroll; do
	cp "$EX/$c/nodes.csv" "$EX/$c/links.csv" "$WORK/$c/"
done
cd "$WORK" || exit 1
NODES=(front-company/nodes.csv payroll/nodes.csv laptop-farm/nodes.csv)
ALL=(front-company/nodes.csv front-company/links.csv payroll/nodes.csv payroll/links.csv
	laptop-farm/nodes.csv laptop-farm/links.csv)

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
run() {
	"$CG" "$@" >out 2>err
	rc=$?
}
expect_rc() {
	local want=$1 what=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$want" ]; then
		pass "$what (exit $want)"
	else
		fail "$what: exit $rc, want $want" "stderr: $(head -c 600 err)" \
			"stdout: $(head -c 300 out)"
	fi
}
# expect_line FILE LINE DESCRIPTION: FILE (out, err or another) has the exact line.
expect_line() {
	if grep -qxF -- "$2" "$1"; then
		pass "$3"
	else
		fail "$3: no line '$2' in $1" "$1: $(head -c 800 "$1")"
	fi
}
expect_grep() {
	if grep -qF -- "$2" "$1"; then
		pass "$3"
	else
		fail "$3: '$2' not in $1" "$1: $(head -c 800 "$1")"
	fi
}
# merged_count: the number of entities merged from several records, from merges' last line.
merged_count() {
	tail -n 1 out | sed -n 's/^\([0-9]*\) entities merged.*/\1/p'
}

# ---- reject a pair a shared key merged ----
expect_rc 0 "merges before any judgement" merges -q "${NODES[@]}"
expect_grep out 'merged on name:cobaltline analytics (name only)' \
	"Cobaltline is merged on its name"
before=$(merged_count)

expect_rc 2 "--reject needs --judgements" merges -q "${NODES[@]}" --reject @laptop-farm/c1 @payroll/c1
expect_line err "casegraph merges: --reject needs --judgements FILE, the file to append to" \
	"--reject without --judgements says so"
[ ! -e j.txt ] && pass "nothing written without --judgements" || fail "j.txt was written"

expect_rc 2 "--reject names one entity twice" merges -q "${NODES[@]}" --judgements j.txt \
	--reject "Cobaltline Analytics" "company:cobaltline analytics"
expect_line err "casegraph merges: Cobaltline Analytics and company:cobaltline analytics are one entity, company:cobaltline analytics: to keep two of its records apart, name them" \
	"rejecting one entity says to name its records"
expect_line err "casegraph merges: its records: @payroll/c1, @laptop-farm/c1" \
	"... and lists them"
[ ! -e j.txt ] && pass "nothing written for a refused judgement" || fail "j.txt was written"

expect_rc 0 "merges --reject two records" merges -q "${NODES[@]}" --judgements j.txt \
	--reject @laptop-farm/c1 @payroll/c1 --note "two companies: different EINs"
expect_line out "j.txt:1: different @laptop-farm/c1 @payroll/c1  # two companies: different EINs" \
	"--reject prints the line it appended"
expect_line j.txt "different @laptop-farm/c1 @payroll/c1  # two companies: different EINs" \
	"--reject appended the judgement"

expect_rc 0 "merges with the judgement" merges -q "${NODES[@]}" --judgements j.txt
if grep -qi 'cobaltline' out; then
	fail "the rejected pair is still merged" "$(grep -i -A2 cobaltline out)"
else
	pass "the rejected pair is two entities"
fi
[ "$(merged_count)" = $((before - 1)) ] && pass "one merge fewer" ||
	fail "merged count $(merged_count), want $((before - 1))"

# re-importing, with the links and in another order: still apart
expect_rc 0 "import with the judgement" import -q --judgements j.txt -o g1.jsonl \
	laptop-farm/nodes.csv laptop-farm/links.csv payroll/nodes.csv payroll/links.csv \
	front-company/nodes.csv front-company/links.csv
n=$(grep -ci '"type":"company","name":"cobaltline' g1.jsonl)
[ "$n" = 2 ] && pass "re-imported in another order: two Cobaltline entities" ||
	fail "re-imported: $n Cobaltline entities, want 2"
# the saved graph read back keeps them apart (each is its own record there)
expect_rc 0 "stats on the saved graph" merges -q g1.jsonl
grep -qi cobaltline out && fail "the saved graph merged Cobaltline back" ||
	pass "the saved graph keeps the two apart"

# ---- accept a pair no key merged ----
expect_rc 0 "the two Jordan T. Reyes are apart" merges -q "${NODES[@]}" --judgements j.txt
grep -qi 'jordan' out && fail "Jordan T. Reyes merged without a judgement" ||
	pass "no Jordan T. Reyes merge yet"

expect_rc 3 "--accept an unknown name" merges -q "${NODES[@]}" --judgements j.txt \
	--accept "Jordan Reyse" "person:jordan t reyes|dob:1979-11-08"
expect_line err "casegraph: no entity matches 'Jordan Reyse' (by id, identifier, name, alias or part of a name); did you mean (closest names): person:jordan t reyes|dob:1979-11-08 (JORDAN T REYES), person:jordan t reyes|dob:1994-06-21 (Jordan T. Reyes)?" \
	"an unknown name gets the closest entities"
expect_rc 2 "--accept an ambiguous name" merges -q "${NODES[@]}" --judgements j.txt \
	--accept "jordan t reyes" "Dana Marie Whitfield"
expect_grep err "'jordan t reyes' matches 2 entities" "an ambiguous name lists its entities"
expect_rc 3 "--reject an unknown record" merges -q "${NODES[@]}" --judgements j.txt \
	--reject @payrol/p2 @laptop-farm/p2
expect_line err "casegraph merges: no record is @payrol/p2 in these inputs (a record is @CASE/ID or @FILE:LINE, as merges lists it)" \
	"an unknown record is named"
expect_line err "casegraph merges: did you mean @front-company/p2, @payroll/p2, @laptop-farm/p2?" \
	"an unknown record gets the records of that id"
[ "$(wc -l <j.txt)" = 1 ] && pass "nothing appended for unknown entities" ||
	fail "j.txt changed" "$(cat j.txt)"

# the file lost its last newline (edited by hand): the next line starts on its own line
printf '%s' "$(cat j.txt)" >j2.txt && mv j2.txt j.txt
expect_rc 0 "merges --accept by id" merges -q "${NODES[@]}" --judgements j.txt \
	--accept "person:jordan t reyes|dob:1994-06-21" "person:jordan t reyes|dob:1979-11-08" \
	--note "one courier; the payroll dob is a typo"
expect_line out 'j.txt:2: same "person:jordan t reyes|dob:1994-06-21" "person:jordan t reyes|dob:1979-11-08"  # one courier; the payroll dob is a typo' \
	"--accept prints the line, the ids quoted"
[ "$(wc -l <j.txt)" = 2 ] && pass "the judgement is on a line of its own" ||
	fail "j.txt has $(wc -l <j.txt) lines, want 2" "$(cat j.txt)"

expect_rc 0 "merges with both judgements" merges -q "${NODES[@]}" --judgements j.txt
expect_grep out 'person:jordan t reyes|dob:1979-11-08  "JORDAN T REYES"  2 records, 2 cases' \
	"the accepted pair is one entity"
expect_line out "    laptop-farm/nodes.csv:3  case laptop-farm  id p2  judged at j.txt:2" \
	"its provenance says where it was judged"
expect_rc 0 "merges --json with both judgements" merges -q --json "${NODES[@]}" --judgements j.txt
if python3 -c '
import json, sys
d = json.load(sys.stdin)
m = [x for x in d["merges"] if x["name"] == "JORDAN T REYES"]
assert len(m) == 1, m
assert [r["via"] for r in m[0]["records"]] == ["", "judged at j.txt:2"], m
assert m[0]["name_only"] is False, m
' <out 2>pyerr; then
	pass "merges --json shows the judged merge"
else
	fail "merges --json judged merge" "$(cat pyerr)"
fi

# re-importing, adding a case (the links) and in another order: still merged
expect_rc 0 "import with both judgements" import -q --judgements j.txt -o g2.jsonl \
	laptop-farm/nodes.csv laptop-farm/links.csv front-company/nodes.csv payroll/nodes.csv \
	payroll/links.csv
expect_grep g2.jsonl '"via":"judged at j.txt:2"' "the JSONL keeps the judged provenance"
n=$(grep -c '"type":"person","name":"Jordan T. Reyes"' g2.jsonl)
[ "$n" = 1 ] && pass "re-imported in another order: one Jordan T. Reyes" ||
	fail "re-imported: $n Jordan T. Reyes entities, want 1"
expect_rc 0 "the saved graph read back" merges -q g2.jsonl
expect_grep out "judged at j.txt:2" "the saved graph keeps the judged merge"

# a record named by @FILE:LINE
expect_rc 0 "merges with a judgement by @FILE:LINE" merges -q "${NODES[@]}" \
	--judgements j.txt --reject @payroll/nodes.csv:6 @front-company/c1
expect_line out "j.txt:3: different @payroll/nodes.csv:6 @front-company/c1" \
	"a record named by file and line"
expect_rc 0 "merges with the @FILE:LINE judgement" merges -q "${NODES[@]}" --judgements j.txt
grep -q 'Bluecrest' out && fail "Bluecrest merged against the judgement" ||
	pass "a pair named by @FILE:LINE is kept apart"

# the last judgement of a pair counts
expect_rc 0 "accept after reject" merges -q "${NODES[@]}" --judgements j.txt \
	--accept @front-company/c1 @payroll/nodes.csv:6
expect_rc 0 "merges after the change of mind" merges -q "${NODES[@]}" --judgements j.txt
expect_grep out "payroll/nodes.csv:6  case payroll  id c5  judged at j.txt:4" \
	"the later judgement wins"

# ---- bad lines: FILE:LINE and reason, the rest kept ----
cat >bad.txt <<'EOF'
# analyst judgements

sme @laptop-farm/c1 @payroll/c1
different @laptop-farm/c1
same "person:jordan t reyes @laptop-farm/p2
different @laptop-farm/c1 @payroll/c1 extra
same @payroll/c1 @payroll/c1
different "a\q" b
different @ @payroll/c1
different @laptop-farm/c1 @payroll/c1   # the good line, kept
EOF
printf 'same \xff\xfe b\n' >>bad.txt
expect_rc 0 "bad lines are reported, not fatal" stats "${NODES[@]}" --judgements bad.txt
expect_line err "bad.txt:3: unknown judgement: a line is 'same A B' or 'different A B', then an optional '# note'" "unknown verb"
expect_line err "bad.txt:4: 'different' needs two entities: different A B [# note]" "one side only"
expect_line err "bad.txt:5: unterminated quote" "unterminated quote"
expect_line err "bad.txt:6: more than two entities (a note starts with '#')" "a third side"
expect_line err "bad.txt:7: the two entities are the same name" "a side judged against itself"
expect_line err 'bad.txt:8: unknown escape in a quoted name (\" \\ \n \t)' "an unknown escape"
expect_line err "bad.txt:9: '@' names no record (@CASE/ID or @FILE:LINE)" "an empty reference"
expect_line err "bad.txt:11: invalid UTF-8" "invalid UTF-8"
expect_line err "bad.txt: 1 judgements, 8 rejected" "the count of judgements and bad lines"
expect_rc 0 "merges with the bad file" merges -q "${NODES[@]}" --judgements bad.txt
grep -qi cobaltline out && fail "the good line of a bad file was not applied" ||
	pass "the good line of a bad file is applied"
expect_rc 3 "--strict fails on a bad line" stats --strict "${NODES[@]}" --judgements bad.txt
expect_line err "casegraph: bad.txt:3: unknown judgement: a line is 'same A B' or 'different A B', then an optional '# note'" \
	"--strict names the first bad line"

# a missing file is an error, but for the judgement that creates it
expect_rc 3 "a missing judgements file" stats -q "${NODES[@]}" --judgements nosuch.txt
expect_line err "casegraph: nosuch.txt: cannot read the judgements: No such file or directory" \
	"a missing file is named"
expect_rc 2 "--note alone" merges -q "${NODES[@]}" --judgements j.txt --note x
expect_rc 2 "--accept takes two entities" merges -q "${NODES[@]}" --judgements j.txt --accept A
expect_rc 0 "merges --help lists --accept" merges --help
expect_grep out "--accept A B" "merges --help names --accept"
expect_rc 0 "stats --help lists --judgements" stats --help
expect_grep out "--judgements FILE" "the input options name --judgements"

# ---- merges --candidates leaves out the pairs judged ----
cp "$EX/watchlist/variants.csv" .
CANDS=("${NODES[@]}" variants.csv)
cat >cand.txt <<'EOF'
different "address:2207 copperleaf dr 12 mesa verde heights az 85299" "address:2207 copperleaf dr 12 mesa verde hts az 85299"
different @laptop-farm/c1 @payroll/c1
different "person:dana marie whitfield|dob:1984-07-19" "person:whitfield dana m|dob:1984-07-19"
different "person:jordan t reyes|dob:1979-11-08" "person:jordan t reyes|dob:1994-06-21"
same "person:jordan reyes|dob:1994-06-21" "person:jordan t reyes|dob:1994-06-21"
EOF
expect_rc 0 "merges --candidates with judgements" merges -q "${CANDS[@]}" --judgements cand.txt \
	--candidates --explain
grep -q '^1.00  address:2207 copperleaf\|^1.00  company:cobaltline analytics ~\|^1.00  person:dana marie whitfield' out &&
	fail "a pair judged different is listed" "$(grep '^[01]\.' out)" || pass "no pair judged different is listed"
grep -q '^0.00  person:jordan t reyes|dob:1979-11-08 ~' out &&
	fail "a ruled-out pair judged different is listed" || pass "no ruled-out pair judged different is listed"
# the pair judged same is listed without the judgements (so that its absence below means something)
SAME_PAIR='person:jordan reyes|dob:1994-06-21 ~ person:jordan t reyes|dob:1994-06-21'
cp out cand-judged.out
expect_rc 0 "merges --candidates without judgements" merges -q "${CANDS[@]}" --candidates
expect_grep out "$SAME_PAIR" "without judgements, the pair later judged same is a candidate"
grep -qF "$SAME_PAIR" cand-judged.out &&
	fail "a pair judged same is listed" "$(grep -F "$SAME_PAIR" cand-judged.out)" ||
	pass "no pair judged same is listed"
cp cand-judged.out out
expect_line out '1.00  person:han yuqiao|dob:1981-10-30 ~ person:韩玉乔|dob:1981-10-30' "the pairs not judged stay"
expect_line out "4 judged pairs left out (--judgements cand.txt: same, merged already; different, kept apart)" \
	"--explain counts the judged pairs left out"
expect_line out "2 candidate pairs at score 0.80 or more (42 entities, 14 pairs compared); none is merged: review them" \
	"the count is of the pairs listed"
expect_rc 0 "merges --candidates --limit 1 with judgements" merges -q "${CANDS[@]}" --judgements cand.txt \
	--candidates --limit 1
if [ "$(grep -c '^[01]\.[0-9][0-9]  ' out)" = 1 ]; then
	expect_line out '1.00  person:han yuqiao|dob:1981-10-30 ~ person:韩玉乔|dob:1981-10-30' \
		"--limit counts once the judged pairs are left out"
else
	fail "--limit 1: $(grep -c '^[01]\.[0-9][0-9]  ' out) pairs" "$(grep '^[01]\.' out)"
fi
expect_rc 0 "merges --candidates --json with judgements" merges -q --json "${CANDS[@]}" \
	--judgements cand.txt --candidates --explain
if python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["judged"] == 4, d["judged"]
assert d["count"] == 2 and len(d["candidates"]) == 2, d["count"]
assert len(d["ruled_out"]) == 1, d["ruled_out"]
' <out 2>pyerr; then
	pass "merges --candidates --json carries the judged count"
else
	fail "merges --candidates --json judged" "$(cat pyerr)"
fi
expect_rc 0 "merges --candidates --json without judgements" merges -q --json "${CANDS[@]}" --candidates
if python3 -c 'import json, sys; assert json.load(sys.stdin)["judged"] == 0' <out 2>pyerr; then
	pass "without judgements, judged is 0"
else
	fail "judged without judgements" "$(cat pyerr)"
fi

# ---- the judgements file inside an input folder is read as judgements only ----
# (with a '# ' line, it would pass for a report and its words become entities)
mkdir -p inside/payroll inside/laptop-farm paid
cp payroll/nodes.csv inside/payroll/ && cp laptop-farm/nodes.csv inside/laptop-farm/
cp "$EX/payments/transactions.csv" paid/
printf '# judgements of the folder\ndifferent @laptop-farm/c1 @payroll/c1\n' >inside/j.txt
cp inside/j.txt paid/j.txt
expect_rc 0 "a folder holding its judgements file" merges inside --judgements inside/j.txt
expect_line err "note: inside/j.txt: skipped: the --judgements file is read as judgements, not as an input" \
	"the judgements file in the folder is skipped with a note"
grep -q '^inside/j.txt: .*rows read' err && fail "the judgements file was read as an input" "$(grep '^inside/j.txt' err)" ||
	pass "the judgements file is not read as an input"
grep -qi cobaltline out && fail "the judgements of the folder's file were not applied" ||
	pass "the judgements of the folder's file are applied"
expect_rc 0 "a folder holding its judgements file, with --mapping" stats paid \
	--judgements paid/j.txt --mapping "$EX/payments/mapping.json"
expect_line err "note: paid/j.txt: skipped: the --judgements file is read as judgements, not as an input" \
	"with --mapping: the judgements file in the folder is skipped with a note"
grep -q '^paid/j.txt: .*rows read' err && fail "with --mapping: the judgements file was read as an input" \
	"$(grep '^paid/j.txt' err)" || pass "with --mapping: the judgements file is not read as an input"
expect_rc 2 "the judgements file named as an input" stats payroll/nodes.csv inside/j.txt \
	--judgements ./inside/j.txt
expect_line err "casegraph stats: inside/j.txt is both an input and the --judgements file: judgements are applied to the inputs, not read as one of them" \
	"the judgements file as an input is refused and named"

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
