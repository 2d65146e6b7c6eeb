#!/usr/bin/env bash
# The slide test (issue 17 item 1): every diagram of the example briefing,
# laid out by Graphviz (`dot -Tjson`, its own layout) and scaled to fit a
# 1280x720 slide, has every label at least 12 px high and no two nodes
# overlapping (tests/check_slide.py). Also the timeline of the example
# (render --timeline) and a PNG at twice the size. Skips (77) when
# Graphviz or python3 is not installed.
#
# usage: tests/test_slides.sh PATH-TO-CASEGRAPH
set -u
CG=${1:?usage: test_slides.sh CASEGRAPH}
ROOT=${CG_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
EX=$ROOT/examples
CHECK=$ROOT/tests/check_slide.py
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cg_test_slides.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
failures=0
pass() { echo "ok   $1"; }
fail() {
	echo "FAIL $1"
	[ $# -gt 1 ] && printf '     %s\n' "$2"
	failures=$((failures + 1))
}
if ! command -v dot >/dev/null || ! command -v python3 >/dev/null; then
	echo "skip: Graphviz (dot) or python3 is not installed"
	exit 77
fi

INPUTS=("$EX"/*/nodes.csv "$EX"/*/links.csv "$EX"/payments/mapping.json "$EX"/misp-event.json
	"$EX"/ftm-entities.json "$EX"/reports/*.md)

# slide_ok NAME DOT: lays DOT out and checks it reads on a 1280x720 slide
slide_ok() {
	if ! dot -Tjson "$2" >"$WORK/$1.json" 2>"$WORK/dot.err"; then
		fail "$1: dot failed" "$(head -3 "$WORK/dot.err")"
	elif msg=$(python3 "$CHECK" "$WORK/$1.json" 1280 720 12); then
		pass "$1 reads on a 1280x720 slide: $(echo "$msg" | tail -1 | sed 's/^[^:]*: //')"
	else
		fail "$1 does not read on a 1280x720 slide" "$(echo "$msg" | head -8)"
	fi
}

"$CG" report -q "${INPUTS[@]}" -o "$WORK/b" --date 2024-01-01 --no-svg >/dev/null 2>"$WORK/err" ||
	fail "report on the example" "$(cat "$WORK/err")"
n=0
for d in "$WORK"/b/*.dot; do
	[ -e "$d" ] || continue
	n=$((n + 1))
	slide_ok "$(basename "$d" .dot)" "$d"
done
# the timeline of the example, a lane per case and per entity
for by in case entity; do
	if "$CG" render -q "${INPUTS[@]}" --timeline --by "$by" -o "$WORK/timeline-$by.dot" \
		--date 2024-01-01 2>"$WORK/err"; then
		slide_ok "timeline-$by" "$WORK/timeline-$by.dot"
	else
		fail "render --timeline --by $by on the example" "$(cat "$WORK/err")"
	fi
done
if [ "$n" -ge 5 ]; then
	pass "the briefing has $n diagrams"
else
	fail "the briefing has $n diagrams, not 5 or more"
fi
# -T png renders at twice the size (192 dpi) for pasting into a slide
F=("$EX"/payroll/nodes.csv "$EX"/payroll/links.csv)
"$CG" render -q "${F[@]}" -T svg -o "$WORK/p.svg" 2>/dev/null
"$CG" render -q "${F[@]}" -T png -o "$WORK/p.png" 2>/dev/null
if msg=$(python3 - "$WORK/p.svg" "$WORK/p.png" <<'PY'
import re, struct, sys
svg = open(sys.argv[1], encoding='utf-8').read()
w_pt = float(re.search(r'<svg width="([0-9.]+)pt"', svg).group(1))
with open(sys.argv[2], 'rb') as f:
    head = f.read(24)
w_px = struct.unpack('>I', head[16:20])[0]
print('svg %.0f pt, png %d px' % (w_pt, w_px))
sys.exit(0 if abs(w_px - w_pt * 192 / 72) <= 4 else 1)
PY
); then
	pass "-T png at twice the size: $msg"
else
	fail "-T png is not at twice the size" "$msg"
fi
exit $((failures > 0))
