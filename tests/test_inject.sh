#!/usr/bin/env bash
# Hostile names in the JSON outputs (docs/RELIABILITY.md): quotes,
# backslashes, control characters, ESC sequences, U+2028/U+2029, bidi
# overrides, markup and spreadsheet formulas as entity names, aliases, cases,
# properties and link memos. Every --json output and the JSONL graph must be
# valid JSON (python3's json module, strict) holding each name exactly as
# written; no diagnostic on stderr, and no text output of stats, merges,
# import, export, report, clusters, brokers, shared, analyze and money, may
# carry a raw control character.
#
# usage: tests/test_inject.sh PATH-TO-CASEGRAPH
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 PATH-TO-CASEGRAPH" >&2
	exit 2
fi
CG=$1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cg_test_inject.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
failures=0

pass() { echo "ok   $1"; }
fail() {
	failures=$((failures + 1))
	echo "FAIL $1"
	[ $# -gt 1 ] && echo "     $2"
}

# The hostile names, one per line of names.txt (JSON strings, so that the
# checker reads them back exactly), and the CSV files made of them.
python3 - <<'EOF' || exit 1
import csv, json
names = ['Orla "The Quill" Venn', 'Back\\slash\\ Holdings\\', 'Tab\there Ltd',
         'Line\u2028Sep\u2029Para Ltd', 'Ctl \x01\x1f\x7f end', '</script><script>alert(1)</script>',
         '=HYPERLINK("http://x.example")', "O'Brien; DROP TABLE people", '{"kind":"entity"}',
         'Zero\u200bWidth \u202eRTL', 'Esc \x1b[31mred\x1b[0m \x1b]0;title\x07',
         'C1 \u009b31m', 'Nul-free \\u0000 text']
# names that are only punctuation are rejected rows ("no name or identifier")
punct = ['"', '\\']
cases = ['case "x"\\y', 'inj\u2028case']
with open('names.txt', 'w') as f:
    for n in names:
        f.write(json.dumps(n) + '\n')
with open('nodes.csv', 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'type', 'name', 'case', 'aliases', 'note'])
    for i, n in enumerate(names + punct):
        w.writerow(['p%d' % i, 'company' if i % 2 else 'person', n, cases[i % 2], n[::-1], n])
with open('links.csv', 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['source', 'target', 'type', 'case', 'amount', 'currency', 'memo'])
    for i in range(len(names) - 2):
        w.writerow(['p%d' % i, 'p%d' % (i + 2), 'pays', cases[i % 2], '10.00', 'USD', names[i]])
# a bad row whose diagnostic quotes hostile text
with open('bad.csv', 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'type', 'name', 'case'])
    w.writerow(['b1', '\x1b]0;owned\x07', 'x', 'inj'])
    w.writerow(['b2', 'per\u202eson', 'y', 'inj'])
EOF

cat >check.py <<'EOF'
import json, sys
names = [json.loads(l) for l in open('names.txt')]
def strings(v, out):
    if isinstance(v, str):
        out.add(v)
    elif isinstance(v, dict):
        for k, x in v.items():
            out.add(k)
            strings(x, out)
    elif isinstance(v, list):
        for x in v:
            strings(x, out)
kind, path = sys.argv[1], sys.argv[2]
text = open(path, 'rb').read().decode('utf-8')  # strict: invalid UTF-8 fails
found = set()
if kind == 'jsonl':
    for i, line in enumerate(text.split('\n')):
        if line:
            strings(json.loads(line), found)
else:
    strings(json.loads(text), found)
want = sys.argv[3] if len(sys.argv) > 3 else 'all'
if want == 'all':
    missing = [n for n in names if n not in found]
    if missing:
        sys.exit('names not found exactly: %r' % missing)
EOF

check() { # check WHAT KIND FILE [all|parse]
	local msg
	if msg=$(python3 check.py "$2" "$3" "${4:-all}" 2>&1); then
		pass "$1"
	else
		fail "$1" "$(echo "$msg" | tail -1)"
	fi
}

IN=(nodes.csv links.csv)
if "$CG" import -q "${IN[@]}" -o graph.jsonl 2>err.txt; then
	check "import: the JSONL graph is valid JSON with every name intact" jsonl graph.jsonl
else
	fail "import failed" "$(head -c 300 err.txt)"
fi
for cmd in stats merges clusters brokers shared money; do
	if "$CG" "$cmd" --json -q "${IN[@]}" >"$cmd.json" 2>err.txt; then
		# stats, merges, shared and money list no names here (nothing merged,
		# nothing shared, no money per name): parsed only
		case $cmd in stats | merges | money | shared) want=parse ;; *) want=all ;; esac
		check "$cmd --json is valid JSON" json "$cmd.json" "$want"
	else
		fail "$cmd --json failed" "$(head -c 300 err.txt)"
	fi
done
if "$CG" path --json -q "${IN[@]}" --from 'Orla "The Quill" Venn' \
	--to '</script><script>alert(1)</script>' >path.json 2>err.txt; then
	check "path --json is valid JSON" json path.json parse
else
	fail "path --json failed" "$(head -c 300 err.txt)"
fi
if "$CG" network --json -q "${IN[@]}" \
	--seeds 'Orla "The Quill" Venn,</script><script>alert(1)</script>' >network.json 2>err.txt; then
	check "network --json is valid JSON" json network.json parse
else
	fail "network --json failed" "$(head -c 300 err.txt)"
fi
# the graph read back and written again is the same
if "$CG" import -q graph.jsonl -o again.jsonl 2>err.txt && cmp -s graph.jsonl again.jsonl; then
	pass "the hostile graph reads back byte for byte"
else
	fail "the hostile graph does not read back exactly" "$(head -c 300 err.txt)"
fi
# diagnostics quote input escaped: no raw control character on stderr
"$CG" stats bad.csv >/dev/null 2>err.txt
if python3 -c '
import sys
t = open("err.txt", "rb").read().decode("utf-8")
bad = [c for c in t if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) <= 0x9f or c in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]
sys.exit("raw control characters: %r" % bad if bad else 0)
' && grep -qF "'\x1b]0;owned\x07'" err.txt; then
	pass "diagnostics quote hostile input with its control characters escaped"
else
	fail "a diagnostic carries raw control characters" "$(cat -v err.txt | head -c 300)"
fi

# text output (not --json) prints names, ids, cases and paths through
# cli_text: what a terminal acts on is escaped as in diagnostics
cat >raw.py <<'PY'
import sys
t = open(sys.argv[1], "rb").read().decode("utf-8")
bad = [c for c in t if (ord(c) < 32 and c not in "\n") or 0x7f <= ord(c) <= 0x9f or c in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]
sys.exit("raw control characters: %r" % bad[:10] if bad else 0)
PY
raw_free() { # raw_free WHAT FILE [TEXT-THAT-MUST-BE-THERE]
	local msg
	if msg=$(python3 raw.py "$2" 2>&1) && { [ $# -lt 3 ] || grep -qF -- "$3" "$2"; }; then
		pass "$1"
	else
		fail "$1" "${msg:-'$3' not found} $(cat -v "$2" | head -c 300)"
	fi
}
mkdir -p again && cp nodes.csv again/nodes.csv
"$CG" stats "${IN[@]}" >stats.txt 2>&1
raw_free "stats: case names escaped in the text output" stats.txt 'inj\u2028case'
"$CG" merges -q nodes.csv again/nodes.csv >merges.txt 2>&1
raw_free "merges: names, ids and cases escaped in the text output" merges.txt \
	'"Esc \x1b[31mred\x1b[0m \x1b]0;title\x07"'
hostile_out=$(printf 'out\033[31m\342\200\256')
"$CG" import "${IN[@]}" -o "$hostile_out.jsonl" >import.txt 2>&1
raw_free "import: the output path escaped in its summary" import.txt 'wrote out\x1b[31m\u202e.jsonl'
"$CG" export "${IN[@]}" --to gexf -o "$hostile_out.gexf" >export.txt 2>&1
raw_free "export: the output path escaped in its summary" export.txt 'in out\x1b[31m\u202e.gexf'
"$CG" report -q "${IN[@]}" --no-svg -o "$hostile_out.d" >report.txt 2>&1
raw_free "report: the output directory escaped" report.txt 'out\x1b[31m\u202e.d/briefing.md'

cp nodes.csv "$(printf 'in\033[31m\342\200\256.csv')"
"$CG" stats "$(printf 'in\033[31m\342\200\256.csv')" >/dev/null 2>summary.txt
raw_free "the per-file summary escapes the input's path" summary.txt 'in\x1b[31m\u202e.csv: nodes'
for c in clusters brokers shared analyze money; do
	"$CG" "$c" -q --top 0 "${IN[@]}" >"$c.txt" 2>&1
	raw_free "$c: names, ids and cases escaped in the text output" "$c.txt"
done
"$CG" shared -q --top 0 --max-cases 0 "${IN[@]}" >shared-all.txt 2>&1
raw_free "shared: the citations' files and cases escaped" shared-all.txt

if [ $failures -ne 0 ]; then
	echo "$failures checks failed"
	exit 1
fi
echo "all checks passed"
