#!/usr/bin/env bash
# The FollowTheMoney and STIX 2.1 exports against the real schemas in
# ../shared/specs (issue 18): every line of the example's FtM export, every
# object of its STIX bundle and of the bundle exported from the real ATT&CK
# ICS data, checked by tests/validate_exports.py (python3 with yaml and
# jsonschema; references resolved to the local schema files, no network).
# Skips (77, saying why) only when ../shared/specs or a python module is
# missing.
#
# usage: tests/test_export_schemas.sh PATH-TO-CASEGRAPH
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 PATH-TO-CASEGRAPH" >&2
	exit 2
fi
CG=$1
ROOT=${CG_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SPECS=$ROOT/../shared/specs
REAL=$ROOT/../shared/realdata/mitre-attack-ics/ics-attack-18.1.json
VALIDATE=$ROOT/tests/validate_exports.py

if [ ! -d "$SPECS/followthemoney-schema" ] || [ ! -d "$SPECS/stix2.1-json-schemas" ]; then
	echo "skip: no ../shared/specs (the FollowTheMoney and STIX 2.1 schemas)"
	exit 77
fi
if ! python3 -c 'import yaml, jsonschema' 2>/dev/null; then
	echo "skip: python3 with yaml and jsonschema is needed (apt-get install python3-yaml python3-jsonschema)"
	exit 77
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cg_test_schemas.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT" || exit 1
failures=0
passed=0

pass() {
	passed=$((passed + 1))
	echo "ok   $1"
}
fail() {
	failures=$((failures + 1))
	echo "FAIL $1"
	[ $# -gt 1 ] && sed 's/^/     /' "$2" | head -40
}

EXAMPLE=(examples/front-company/nodes.csv examples/front-company/links.csv
	examples/laptop-farm/nodes.csv examples/laptop-farm/links.csv
	examples/payroll/nodes.csv examples/payroll/links.csv
	examples/payments/mapping.json examples/misp-event.json
	examples/ftm-entities.json examples/reports/*.md)

# $1: name, $2: format, $3: ftm|stix, rest: inputs
check() {
	local name=$1 fmt=$2 kind=$3
	shift 3
	if ! "$CG" export "$@" --to "$fmt" --date 2024-05-01 -o "$WORK/$name" \
		>"$WORK/$name.out" 2>"$WORK/$name.err"; then
		fail "$name: casegraph export failed" "$WORK/$name.err"
		return
	fi
	if python3 "$VALIDATE" "$kind" "$SPECS/$([ "$kind" = ftm ] &&
		echo followthemoney-schema || echo stix2.1-json-schemas)" "$WORK/$name" \
		>"$WORK/$name.val" 2>&1; then
		pass "$name: $(tail -1 "$WORK/$name.val" | sed 's|^.*: ||')"
	else
		fail "$name: not valid" "$WORK/$name.val"
	fi
}

check example.ftm ftm ftm "${EXAMPLE[@]}"
# what has no place in FollowTheMoney is said, never dropped silently
if grep -q "export: note: .* domain entities written as properties of the entities linked to them" \
	"$WORK/example.ftm.err" &&
	grep -q "export: note: .* link records as UnknownLink, their casegraph type as role" \
		"$WORK/example.ftm.err"; then
	pass "example.ftm: the summary names what FollowTheMoney cannot hold"
else
	fail "example.ftm: no summary of what FollowTheMoney cannot hold" "$WORK/example.ftm.err"
fi
check example.stix.json stix stix "${EXAMPLE[@]}"
# hashes are files with hashes (STIX 2.1 6.7), by their algorithm or length
printf 'id,type,name,algorithm,filename\nh1,hash,d41d8cd98f00b204e9800998ecf8427f,md5,drop.exe\nh2,hash,9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,,\nh3,hash,not-a-hash,,\n' \
	>"$WORK/hashes.csv"
check hashes.stix.json stix stix "$WORK/hashes.csv"
if grep -q '"type":"file","spec_version":"2.1","id":"file--[0-9a-f-]*","hashes":{"MD5":"d41d8cd98f00b204e9800998ecf8427f"},"name":"drop.exe"' \
	"$WORK/hashes.stix.json" &&
	grep -q '"hashes":{"SHA-256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}' \
		"$WORK/hashes.stix.json"; then
	pass "hashes.stix.json: a hash is a file with hashes"
else
	fail "hashes.stix.json: no file objects with hashes" "$WORK/hashes.stix.json"
fi
if [ -f "$REAL" ]; then
	check ics.stix.json stix stix "$REAL"
	# the objects read from STIX keep their type and id
	if python3 - "$REAL" "$WORK/ics.stix.json" >"$WORK/ids.out" 2>&1 <<'EOF'; then
import json, sys
src = json.load(open(sys.argv[1], encoding="utf-8"))["objects"]
out = {o["id"] for o in json.load(open(sys.argv[2], encoding="utf-8"))["objects"]}
want = [o["id"] for o in src
        if o["type"] in ("attack-pattern", "course-of-action", "campaign", "intrusion-set",
                         "malware", "x-mitre-tactic")
        and not o.get("revoked") and not o.get("x_mitre_deprecated")]
lost = [i for i in want if i not in out]
print(f"{len(want) - len(lost)} of {len(want)} ids kept; lost: {lost[:5]}")
sys.exit(1 if lost or not want else 0)
EOF
		pass "ics.stix.json: $(cat "$WORK/ids.out")"
	else
		fail "ics.stix.json: objects read from STIX lose their ids" "$WORK/ids.out"
	fi
else
	echo "skip ics.stix.json: no ../shared/realdata/mitre-attack-ics"
fi

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
