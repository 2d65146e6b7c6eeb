#!/bin/sh
# casegraph export --to misp: the example's event passes the checks of
# validate_misp.py (MISP's types, categories, templates, references, uuids),
# is the same bytes twice, says what has no place in MISP, and the checker
# refuses a wrong type. Usage: test_misp_export.sh CASEGRAPH
set -eu
cg=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
set -- examples/*/nodes.csv examples/*/links.csv examples/payments/mapping.json \
	examples/misp-event.json examples/ftm-entities.json examples/reports/*.md
"$cg" export "$@" --to misp --date 2024-06-01 -o "$tmp/a.json" 2>"$tmp/err"
"$cg" export "$@" --to misp --date 2024-06-01 -o "$tmp/b.json" -q
cmp "$tmp/a.json" "$tmp/b.json"
grep -q '^export: misp: 23 attributes, 65 objects, 160 object references; .*not written (no MISP type or template): 13 entities (4 country, 3 attack_pattern, 6 sector) and the 32 links to them' "$tmp/err" \
	|| { echo "FAIL: summary"; cat "$tmp/err"; exit 1; }
python3 "$here/validate_misp.py" "$tmp/a.json"
# the checker is not a rubber stamp
sed 's/"type": "domain", "category": "Network activity"/"type": "domain", "category": "Person"/' \
	"$tmp/a.json" >"$tmp/bad.json"
if python3 "$here/validate_misp.py" "$tmp/bad.json" >"$tmp/out"; then
	echo "FAIL: a domain in category Person passed"; exit 1
fi
grep -q "type 'domain' not allowed in category 'Person'" "$tmp/out"
echo ok
