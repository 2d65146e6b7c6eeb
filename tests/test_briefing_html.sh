#!/usr/bin/env bash
# briefing.html in a real browser (issue 17 item 2): Debian's chromium,
# headless, loads the example's page with #selftest, which searches, clicks
# a node and an edge, toggles a type and zooms, and writes what it saw into
# <pre id="selftest">; a screenshot at 1280x720 must not be blank; a page
# made of hostile names holds no element made from them. Also, without a
# browser: the page loads nothing from the network, is the same bytes from
# the same inputs, and --format md / html write only the one asked for.
# Skips (77) only when chromium is not installed.
set -u
CG=${1:?usage: test_briefing_html.sh CASEGRAPH}
ROOT=${CG_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
EX=$ROOT/examples
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
pass() { echo "ok   $1"; }
fail() {
	echo "FAIL $1"
	[ $# -gt 1 ] && echo "     $2" | head -c 2000 && echo
	failures=$((failures + 1))
}

INPUTS=("$EX"/*/nodes.csv "$EX"/*/links.csv "$EX"/payments/mapping.json "$EX"/misp-event.json
	"$EX"/ftm-entities.json "$EX"/reports/*.md)
report() { # report DIR ARGS...: the briefing of ARGS into DIR, dated
	local d=$1
	shift
	"$CG" report -q "$@" -o "$d" --date 2024-01-01 >"$WORK/out" 2>"$WORK/err"
}

# ---- without a browser ----
report "$WORK/b1" "${INPUTS[@]}" --no-default-exclusions
H=$WORK/b1/briefing.html
if [ -s "$H" ] && [ -s "$WORK/b1/briefing.md" ]; then
	pass "report writes briefing.md and briefing.html by default"
else
	fail "report by default" "$(ls "$WORK/b1") $(cat "$WORK/err")"
fi
if grep -qx "The briefing is in $WORK/b1/briefing.md and $WORK/b1/briefing.html" "$WORK/out"; then
	pass "report names both files"
else
	fail "report names both files" "$(cat "$WORK/out")"
fi
report "$WORK/b2" "${INPUTS[@]}" --no-default-exclusions
if cmp -s "$H" "$WORK/b2/briefing.html"; then
	pass "briefing.html: the same inputs give the same bytes"
else
	fail "briefing.html is not deterministic"
fi
if grep -qiE '<(link|img|iframe|object|embed)[ >]|<script[^>]* src=|(src|href)="?(https?:)?//|url\(' "$H"; then
	fail "briefing.html refers to something outside itself" \
		"$(grep -oiE '<(link|img|iframe)[^>]*>|<script[^>]* src=[^>]*>|(src|href)="?(https?:)?//[^" ]*|url\([^)]*\)' "$H" | head -3)"
else
	pass "briefing.html is self-contained (no link, image, external script or URL)"
fi
if [ "$(grep -c '<svg' "$H")" = 6 ]; then
	pass "briefing.html inlines the six diagrams (the timeline too)"
else
	fail "briefing.html inlines $(grep -c '<svg' "$H") diagrams, not 6"
fi
# the diagrams are captioned as in briefing.md, and the title made from the
# cases shortens each name as briefing.md's does
if grep -q '<figcaption>The top facilitator and what it connects: ' "$H" &&
	grep -q '<figcaption>The core of each large cluster: ' "$H" &&
	grep -q '<figcaption>Timeline: [0-9]* events, a row per case, a column per period' "$H"; then
	pass "briefing.html: the diagrams' captions are briefing.md's titles"
else
	fail "briefing.html: captions" "$(grep -o '<figcaption>[^:]*' "$H")"
fi
# section 7, as briefing.md's: a report's typed tie, its names clickable,
# beside its sentence
if grep -q '<section id="reports"><h2>7. What the reports say</h2>' "$H" &&
	grep -qE '<tr><td><code>[^<]*/2024-05-usdt-payout-wallet.md:9</code></td><td><span class="ent" data-e="[0-9]+">Jade Meridian Technologies FZE</span> <em>holds account</em> <span class="ent" data-e="[0-9]+">AE930910004471823096518</span></td><td>Jade Meridian Technologies FZE wired 21,900 USD' "$H"; then
	pass "briefing.html: what the reports say, each tie beside its sentence"
else
	fail "briefing.html: section 7" "$(grep -o '<section id="reports">.\{0,300\}' "$H")"
fi
mkdir -p "$WORK/long"
printf 'id,type,name,case\np1,person,Ann Lee,Operation Longname as reported by a partner agency in 2023\n' >"$WORK/long/nodes.csv"
report "$WORK/long/out" "$WORK/long/nodes.csv" --no-svg
mdtitle=$(head -1 "$WORK/long/out/briefing.md" | sed 's/^# //; s/\\//g')
if [ "$mdtitle" = "Briefing: 1 case (Operation Longname as reported b…)" ] &&
	grep -qF "<h1>$mdtitle</h1>" "$WORK/long/out/briefing.html"; then
	pass "briefing.html: the title is briefing.md's, long case names shortened"
else
	fail "briefing.html: the title" "md: $mdtitle; html: $(grep -o '<h1>.*</h1>' "$WORK/long/out/briefing.html")"
fi
# screening hits: each listing's programs, all of them, no dangling ';'
report "$WORK/scr" "$EX"/front-company/nodes.csv "$EX"/payroll/nodes.csv --no-svg --format html \
	--reference "$EX"/watchlist/sdn.csv --reference-mapping ofac-sdn
S=$WORK/scr/briefing.html
if grep -q 'score 0.90. program: DPRK3; DPRK4. ofac_id: 90002.</li>' "$S" &&
	grep -qE 'listed on watchlist \(<code>[^<]*/sdn.csv:7</code>\), matched by key, score 1.00.</li>' "$S" &&
	! grep -q ';</li>' "$S"; then
	pass "briefing.html: screening hits name every program, end with a full stop"
else
	fail "briefing.html: screening hits" "$(grep -o '<li><b><span class="ent"[^\n]*score[^\n]*</li>' "$S" | head -3)"
fi
# --redact: no file of the briefing names a person, not in the timeline's
# rows, cells and tooltips, nor in a record's local id: every name and
# alias of every person of the graph, case-insensitively, in every file and
# in what report printed
"$CG" export -q "${INPUTS[@]}" --no-default-exclusions --to jsonl -o "$WORK/red.jsonl" 2>/dev/null
python3 "$ROOT/tests/person_names.py" "$WORK/red.jsonl" >"$WORK/persons.txt"
report "$WORK/red" "${INPUTS[@]}" --no-default-exclusions --redact
if [ -s "$WORK/red/timeline.dot" ] && grep -q '^## 6. Timeline' "$WORK/red/briefing.md" &&
	grep -q '<h2>6. Timeline</h2>' "$WORK/red/briefing.html" &&
	[ "$(wc -l <"$WORK/persons.txt")" -ge 20 ] &&
	! grep -qiF -f "$WORK/persons.txt" "$WORK/red"/* "$WORK/out" "$WORK/err"; then
	pass "--redact: no name of a person in briefing.md, briefing.html or a diagram (timeline included)"
else
	fail "--redact: names left in" "$(grep -oiF -f "$WORK/persons.txt" "$WORK/red"/* "$WORK/out" "$WORK/err" | sort | uniq -c | head -5)"
fi
# and the reports' titles (a title can name people) are withheld in both
if grep -q '<h3>[^<]*: (title withheld: redacted)</h3>' "$WORK/red/briefing.html" &&
	! grep -q 'Threat Actor' "$WORK/red/briefing.html" "$WORK/red/briefing.md" &&
	grep -q 'Threat Actor' "$WORK/b1/briefing.html"; then
	pass "--redact: the reports' titles withheld in briefing.html and briefing.md"
else
	fail "--redact: a report's title shown" "$(grep -o '<h3>[^<]*</h3>' "$WORK/red/briefing.html" | head -3)"
fi
report "$WORK/md" "$EX"/payroll/nodes.csv "$EX"/payroll/links.csv --format md --no-svg
if [ "$(ls "$WORK/md" | grep briefing)" = briefing.md ] &&
	grep -qx "The briefing is in $WORK/md/briefing.md" "$WORK/out"; then
	pass "--format md: briefing.md only"
else
	fail "--format md" "$(ls "$WORK/md") $(cat "$WORK/out" "$WORK/err")"
fi
report "$WORK/md" "$EX"/payroll/nodes.csv "$EX"/payroll/links.csv --format html --no-svg
if [ "$(ls "$WORK/md" | grep briefing)" = briefing.html ]; then
	pass "--format html over a briefing of md: briefing.html only, the old briefing.md gone"
else
	fail "--format html" "$(ls "$WORK/md") $(cat "$WORK/err")"
fi
if grep -q 'Not shown: --no-svg was given' "$WORK/md/briefing.html"; then
	pass "briefing.html without SVG says why"
else
	fail "briefing.html without SVG does not say why"
fi
"$CG" report -q "$EX"/payroll/nodes.csv --format md,pdf -o "$WORK/bad" >"$WORK/out" 2>"$WORK/err"
rc=$?
if [ $rc = 2 ] && grep -qxF "casegraph report: unknown briefing format in --format md,pdf (md, html, or md,html)" "$WORK/err" &&
	[ ! -e "$WORK/bad" ]; then
	pass "--format md,pdf: a usage error naming the formats"
else
	fail "--format md,pdf: exit $rc" "$(cat "$WORK/err")"
fi
# the inputs' --format is still the inputs' format
report "$WORK/fmt" --format nodes "$EX"/payroll/nodes.csv --no-svg
if [ -s "$WORK/fmt/briefing.html" ]; then
	pass "report --format nodes: the inputs' format, both briefings"
else
	fail "report --format nodes" "$(cat "$WORK/err")"
fi

# hostile names: markup, quotes, </script>, javascript: URLs, line separators
HN=$WORK/hostile
mkdir -p "$HN"
cat >"$HN/nodes.csv" <<'EOF'
id,type,name,case,alias
h1,person,<script>alert(1)</script>,evil<script>,"x"" onmouseover=""alert(1)"
h2,company,"Acme ""</script><script>alert(2)</script>",evil<script>,<!--
h3,domain,javascript:alert(1),case 'two',
h4,person,<img src=x onerror=alert(3)>,case 'two',</script>
h5,email,a@b.example,evil<script>,
EOF
printf 'source,target,type,case,amount,currency,note,date\nh1,h2,pays,evil<script>,100,USD,<img src=x onerror=alert(4)>,2023-04-02\nh2,h3,owns,case '"'"'two'"'"',,,javascript:alert(5),\nh3,h4,uses,case '"'"'two'"'"',,,\xe2\x80\xa8</script>,2023-05\nh4,h5,uses,evil<script>,,,\nh1,h5,uses,evil<script>,,,\n' >"$HN/links.csv"
report "$HN/out" "$HN/nodes.csv" "$HN/links.csv"
HH=$HN/out/briefing.html
if [ ! -s "$HH" ]; then
	fail "hostile names: no briefing.html" "$(cat "$WORK/err")"
else
	if python3 - "$HH" <<'EOF'; then
import re, sys
page = open(sys.argv[1], encoding='utf-8').read()
# the page's own elements only: two scripts (the data, the code), no image
scripts = re.findall(r'<script\b', page, re.I)
bad = re.findall(r'<(?:img|iframe|object|embed)\b[^>]*>', page, re.I)
data = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', page, re.S)
ok = len(scripts) == 2 and not bad and data and '<' not in data.group(1) \
    and '\u2028' not in data.group(1) and not re.search(r'href\s*=', page, re.I)
sys.exit(0 if ok else 1)
EOF
		pass "hostile names: the page's two scripts only, no image, link or '<' in the data"
	else
		fail "hostile names: markup from the data in the page source"
	fi
fi

# the timeline (briefing.md's section 6): its dated events, names escaped
if [ -s "$HH" ] && python3 - "$HH" <<'EOF'; then
import re, sys
page = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'<section id="timeline"><h2>6\. Timeline</h2>\n<p>(\d+) dated events.*?</table>', page, re.S)
if not m:
    sys.exit('no timeline section')
rows = re.findall(r'<tr><td class="date">.*?</tr>', m.group(0))
src = sys.argv[1].rsplit('/out/', 1)[0]
want = [
    '<tr><td class="date">2023-04-02</td><td>evil&lt;script&gt;</td><td>&lt;script&gt;alert(1)&lt;/script&gt; '
    'pays Acme &quot;&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; 100.00 USD</td>'
    '<td><code>%s/links.csv:2</code></td></tr>' % src,
    '<tr><td class="date">2023-05</td><td>case &apos;two&apos;</td><td>javascript:alert(1) uses '
    '&lt;img src=x onerror=alert(3)&gt;</td><td><code>%s/links.csv:4</code></td></tr>' % src,
]
if rows != want:
    sys.exit('rows: %s' % rows)
EOF
	pass "briefing.html: the timeline section, its rows dated, names escaped"
else
	fail "briefing.html: the timeline section"
fi

# ---- in the browser ----
BROWSER=$(command -v chromium || true)
if [ -z "$BROWSER" ]; then
	echo "skip: chromium is not installed (apt-get install chromium): the browser tests did not run"
	[ $failures = 0 ] && exit 77
	exit 1
fi
browse() { # browse PROFILE ARGS...: chromium headless, a fresh profile
	local p=$WORK/profile-$1
	shift
	timeout 120 "$BROWSER" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$p" --virtual-time-budget=5000 "$@" 2>>"$WORK/chromium.log"
}
selftest() { # selftest PAGE WHAT: loads PAGE#selftest, checks what it saw
	browse "$2" --dump-dom "file://$1#selftest" >"$WORK/dom-$2.html"
	python3 - "$WORK/dom-$2.html" "$2" <<'EOF'
import json, re, sys
dom = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'<pre id="selftest">([^<]*)</pre>', dom)
if not m:
    sys.exit('no <pre id="selftest"> with a result in the DOM')
import html
r = json.loads(html.unescape(m.group(1)))
print(json.dumps(r))
if not r.get('ok'):
    sys.exit('the self-test failed')
if sys.argv[2] == 'example' and (r['svgs'] != 6 or r['nodes'] < 20 or r['edges'] < 20):
    sys.exit('diagrams not mapped')
if r['search']['hits'] < 1 or r['search']['listed'] < 1 or not r['search']['node_marked']:
    sys.exit('search')
if not re.search(r':\d+ case ', r['node']['first']):
    sys.exit('the panel cites no file:line')
# the page's own elements only, after its script ran: parsed, since the
# serialised DOM leaves '<' and '>' raw in attribute values (a tooltip
# naming "<img src=x onerror=...>" is text, not an element)
from html.parser import HTMLParser
class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.bad, self.handlers = 0, [], []
    def handle_starttag(self, tag, attrs):
        self.scripts += tag == 'script'
        if tag in ('img', 'iframe', 'object', 'embed'):
            self.bad.append(tag)
        self.handlers += [(tag, a) for a, v in attrs if a.startswith('on')]
el = Elements()
el.feed(dom)
if el.scripts != 2 or el.bad:
    sys.exit('an element made from data: %d scripts, %s' % (el.scripts, el.bad))
if el.handlers:
    sys.exit('an event handler made from data: %s' % el.handlers)
EOF
}
if msg=$(selftest "$H" example 2>&1); then
	pass "browser: the example's self-test (search, node, edge, toggle, zoom): $(echo "$msg" | head -c 300)"
else
	fail "browser: the example's self-test" "$msg $(tail -3 "$WORK/chromium.log")"
fi
if [ -s "$HH" ]; then
	if msg=$(selftest "$HH" hostile 2>&1); then
		pass "browser: hostile names stay text; the self-test passes"
	else
		fail "browser: hostile names" "$msg"
	fi
fi
browse shot --hide-scrollbars --window-size=1280,720 --screenshot="$WORK/shot.png" "file://$H" >/dev/null
if msg=$(python3 - "$WORK/shot.png" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
if data[:8] != b'\x89PNG\r\n\x1a\n':
    sys.exit('not a PNG')
pos, idat, hdr = 8, b'', None
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        hdr = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
w, h, depth, ctype = hdr[:4]
if (w, h) != (1280, 720) or depth != 8 or ctype not in (2, 6):
    sys.exit('unexpected PNG %dx%d depth %d type %d' % (w, h, depth, ctype))
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, colours = bytearray(stride), set()
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, stride, bpp * 2):
            colours.add(bytes(line[x:x + 3]))
    prev = line
print('%d colours' % len(colours))
sys.exit(0 if len(colours) >= 20 else 1)
EOF
); then
	pass "browser: a screenshot at 1280x720 is not blank ($msg)"
else
	fail "browser: the screenshot at 1280x720 looks blank" "$msg"
fi
[ $failures = 0 ]
