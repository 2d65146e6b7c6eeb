#!/usr/bin/env bash
# Report-importer benchmark for casegraph: extraction throughput in MB/s.
#
# Usage: bench/report.sh [MB]          (default: 10)
#
# Generates MB megabytes of synthetic threat-intelligence reports (awk, a
# fixed seed: the same bytes every run) into /tmp/cg-bench/reports-MB/
# (kept between runs: delete the folder to regenerate):
#   many/  reports of about 5 KB each, in the summary template and in vendor
#          style: defanged URLs, domains, e-mails, addresses, hashes, tables,
#          code spans, false friends (versions, file names, dates), gazetteer
#          names in negations; every report with its own indicators;
#   one/   the same text as a single file (one long report);
# builds a release casegraph if needed (build-release/, or $CG_BUILD_DIR),
# and times, best of 3,
#   casegraph import many/*.md -o /dev/null --quiet
#   casegraph import many/*.md --gazetteer gazetteers/dprk-threat-actors.csv ...
#   casegraph import one/all.md -o /dev/null --quiet
#   casegraph import many/*.md --gazetteer gazetteer-100k.csv (100,000 names)
# printing wall and CPU (user + system) seconds and MB/s of report text read
# (the graph is built and written to /dev/null too: the figures are end to
# end; CPU seconds are the steadier figure on a busy machine).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MB="${1:-10}"
if ! [[ "$MB" =~ ^[1-9][0-9]*$ ]]; then
    echo "report.sh: not a positive integer: $MB" >&2
    exit 2
fi
DIR="${CG_BENCH_DIR:-/tmp/cg-bench}/reports-$MB"

# --- build -----------------------------------------------------------------
B="${CG_BUILD_DIR:-build-release}"
if [ ! -f "$B/build.ninja" ]; then
    meson setup "$B" --buildtype=release -Dtests=false >/dev/null
fi
ninja -C "$B" >/dev/null
CG="$B/casegraph"
[ -x "$CG" ] || { echo "report.sh: $CG was not built" >&2; exit 1; }

# --- data ------------------------------------------------------------------
if [ ! -f "$DIR/one/all.md" ]; then
    rm -rf "$DIR"
    mkdir -p "$DIR/many" "$DIR/one"
    awk -v mb="$MB" -v dir="$DIR/many" '
    function pick(a, n) { return a[int(rand() * n) + 1] }
    function hex(n,   s, i) { s = ""; for (i = 0; i < n; i++) s = s substr("0123456789abcdef", int(rand() * 16) + 1, 1); return s }
    function word(   s, i, n) { s = ""; n = 2 + int(rand() * 3); for (i = 0; i < n; i++) s = s pick(SY, nsy); return s }
    function dom() { return word() "-" word() "." pick(TLD, ntld) }
    function ip() { return int(rand() * 223) + 1 "." int(rand() * 256) "." int(rand() * 256) "." int(rand() * 254) + 1 }
    function defang(d) { gsub(/\./, "[.]", d); return d }
    BEGIN {
        srand(42)
        nsy = split("ka ri mo tan sel vo ne dur pa li gor xe bu fan ti om zel rak", SY, " ")
        ntld = split("com net org info xyz top io co.uk example test online site", TLD, " ")
        nact = split("Lazarus Group|Kimsuky|Andariel|APT37|Famous Chollima|Jade Sleet|Moonstone Sleet|Diamond Sleet", ACT, "|")
        nsec = split("IT services|software development|cryptocurrency exchanges|defense|healthcare|logistics|fintech|media", SEC, "|")
        nctry = split("South Korea|Japan|the United States|Germany|Vietnam|India|Brazil|the United Kingdom", CTRY, "|")
        nmal = split("BeaverTail|InvisibleFerret|RustBucket|KANDYKORN|DTrack|AppleJeus|MagicRAT|OtterCookie", MAL, "|")
        target = mb * 1024 * 1024; written = 0; n = 0
        while (written < target) {
            n++
            f = sprintf("%s/r%05d.md", dir, n)
            t = ""
            if (n % 2) {
                t = t "Full Report\n"
                t = t "The campaign ran for months before it was found. \302\251 2024 " word() " News. All rights reserved.\n"
                t = t "Analysis Summary\n"
                t = t "The activity is attributed to " pick(ACT, nact) ", rather than to " pick(ACT, nact) " as first reported.\n"
                t = t "# Threat Actor: " toupper(word()) " " toupper(word()) "\n"
                t = t "## Attribution & Identity\nThe operators are based in North Korea and rent servers in " pick(CTRY, nctry) ".\n"
                t = t "## Tactics, Techniques & Procedures\n- Spearphishing links (T1566.002) and user execution (T1204.002).\n- Exploitation of CVE-2024-" 1000 + int(rand() * 8999) " on edge devices (T1190).\n"
                t = t "## Targeting\n- **Sectors:** " pick(SEC, nsec) ", " pick(SEC, nsec) ", or any company with remote staff.\n"
                t = t "- **Geography:** " pick(CTRY, nctry) " and " pick(CTRY, nctry) ".\n- **Victims:** Not specified.\n"
                t = t "## Tools & Infrastructure\n- **Malware families used:** " pick(MAL, nmal) ", " pick(MAL, nmal) "\n"
                t = t "- **Infrastructure (C2, domains, IPs - defang URLs):** hxxps://" defang(dom()) "/" word() "/" word() ".php, " defang(ip()) ", " word() "[at]" defang(dom()) "\n"
            } else {
                t = t "# " word() " campaign: notes from the incident response\n\n"
                t = t "We observed the intrusion set that other vendors call " pick(ACT, nact) "; it is unrelated to " pick(ACT, nact) ".\n"
                t = t "Victims in " pick(CTRY, nctry) " received lures such as `" word() "_invoice.docx` and `setup.zip` (version 1.2.3.4 of the installer).\n\n"
            }
            t = t "\n| Domain | Address | First seen | Note |\n|---|---|---|---|\n"
            for (i = 0; i < 12; i++)
                t = t "| `" defang(dom()) "` | " ip() " | 2024-0" 1 + int(rand() * 9) "-1" int(rand() * 9) " | resolved on 12.03.2024 |\n"
            t = t "\n```\n"
            for (i = 0; i < 8; i++)
                t = t "sha256 " hex(64) "  " word() ".exe\nmd5    " hex(32) "  " word() ".dll\n"
            t = t "```\n\n"
            for (i = 0; i < 6; i++)
                t = t "The loader (build 2.4.1." i ") contacted hxxp://" ip() ":8080/" word() " and wrote " word() ".tmp; report.pdf in the appendix lists e.g. the U.S. victims, and " word() "." word() "@" dom() " sent the lure on 2024.05.1" i ".\n"
            t = t "\nWallet 0x" hex(40) " received the funds; call +1 480 555 01" int(rand() * 90) + 10 " for details.\n"
            printf "%s", t > f
            close(f)
            written += length(t)
        }
    }'
    cat "$DIR"/many/*.md > "$DIR/one/all.md"
fi
# a gazetteer of 100,000 organisation names (graph-CSV nodes file)
if [ ! -f "$DIR/gazetteer-100k.csv" ]; then
    awk 'BEGIN {
        srand(7)
        n = split("ka ri mo tan sel vo ne dur pa li gor xe bu fan ti om zel rak", SY, " ")
        print "id,type,name,aliases"
        for (i = 1; i <= 100000; i++) {
            a = ""; for (k = 0; k < 3; k++) a = a SY[int(rand() * n) + 1]
            b = ""; for (k = 0; k < 2; k++) b = b SY[int(rand() * n) + 1]
            printf "g%d,organization,%s %s Trading %d,%s %s Co\n", i, toupper(substr(a, 1, 1)) substr(a, 2), b, i, a, i
        }
    }' > "$DIR/gazetteer-100k.csv"
fi

BYTES=$(cat "$DIR"/many/*.md | wc -c)
FILES=$(ls "$DIR"/many | wc -l)
MBYTES=$(awk -v b="$BYTES" 'BEGIN { printf "%.2f", b / 1048576 }')

# best of 3 runs of a command: "wall cpu" seconds (cpu = user + system;
# less disturbed than wall time on a busy machine)
best_of_3() {
    local best="" bestcpu="" out
    for _ in 1 2 3; do
        /usr/bin/time -o "$DIR/time.out" -f "%e %U %S" "$@" >/dev/null 2>&1
        read -r w u s <"$DIR/time.out"
        local c
        c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
        if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$w"; fi
        if [ -z "$bestcpu" ] || awk -v a="$c" -v b="$bestcpu" 'BEGIN { exit !(a < b) }'; then bestcpu="$c"; fi
    done
    echo "$best $bestcpu"
}

if [ ! -x /usr/bin/time ]; then
    echo "report.sh: /usr/bin/time missing, installing package 'time'" >&2
    apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null; apt-get install -y time >/dev/null; }
fi
echo "report text: $MBYTES MB in $FILES files ($DIR), $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1 /proc/loadavg)"
printf '%-42s %8s %8s %8s %8s\n' "run" "wall s" "MB/s" "cpu s" "MB/cpu-s"
run() {
    local label="$1"; shift
    local w c
    read -r w c <<<"$(best_of_3 "$@")"
    printf '%-42s %8s %8s %8s %8s\n' "$label" "$w" \
        "$(awk -v b="$BYTES" -v s="$w" 'BEGIN { printf "%.1f", b / 1048576 / s }')" "$c" \
        "$(awk -v b="$BYTES" -v s="$c" 'BEGIN { printf "%.1f", b / 1048576 / s }')"
}
run "import many/*.md" "$CG" import "$DIR"/many/*.md -o /dev/null --quiet
run "import many/*.md --gazetteer dprk" "$CG" import "$DIR"/many/*.md -o /dev/null --quiet \
    --gazetteer gazetteers/dprk-threat-actors.csv
run "import one/all.md (a single file)" "$CG" import "$DIR/one/all.md" -o /dev/null --quiet
run "import many/*.md --gazetteer 100k names" "$CG" import "$DIR"/many/*.md -o /dev/null --quiet \
    --gazetteer "$DIR/gazetteer-100k.csv"
