#!/usr/bin/env bash
# Long lists on one entity (issue 20, item 4): the seconds casegraph import
# takes for four inputs that were quadratic when each alias or property
# value was compared with every one before it.
#
#   bench/quadratic.sh                 # release build in build-release/
#   CG_CASEGRAPH=/path/casegraph bench/quadratic.sh   # another binary
#
#   one     a nodes CSV row with 80,000 distinct aliases (';'-separated)
#   three   three rows of that entity, each with the 80,000, in other orders
#   ftm     one FollowTheMoney line with 80,000 "alias" values
#   mapped  a 10 MB CSV read through a mapping whose aliases "split" a cell
#           of 20,000 values (42 rows, 7 entities of 120,000 aliases)
#
# and, for many entities of one name (CG_SAME_SIZES, default
# "20000 40000 80000"), for each N:
#   same-N    N rows "pI,person,John Smith": one case, N people (N entities)
#   cases-N   N rows of John Smith, each in its own case: one entity
#   links-N   same-N's nodes and N links between them (pI knows pI+1)
#   jsonl-N   same-N's graph (written by the same-N run) read back
#
# Inputs are written once into $CG_BENCH_DIR/quadratic (default
# /tmp/cg-bench/quadratic); needs python3. Each case prints its wall time
# in seconds and the aliases of the
# largest entity, which must be 80000 / 80000 / 80000 / 120000; the
# same-name cases print their seconds and the entities imported (N, 1, N,
# N). CG_QUAD_SKIP_LISTS=1 runs only the same-name cases.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DIR="${CG_BENCH_DIR:-/tmp/cg-bench}/quadratic"
if [ -n "${CG_CASEGRAPH:-}" ]; then
    BIN="$CG_CASEGRAPH"
else
    B="${CG_BUILD_DIR:-build-release}"
    [ -f "$B/build.ninja" ] || meson setup "$B" --buildtype=release -Dtests=false >/dev/null
    ninja -C "$B" >/dev/null
    BIN="$B/casegraph"
fi
mkdir -p "$DIR"
if [ ! -f "$DIR/mapping.json" ]; then
    python3 - "$DIR" <<'PY'
import json, random, sys
out, n = sys.argv[1], 80000
aliases = ["alias %05d" % i for i in range(n)]
with open(f"{out}/one.csv", "w") as f:
    f.write("id,type,name,aliases\n")
    f.write('p1,person,Kim Ri,"%s"\n' % ";".join(aliases))
with open(f"{out}/three.csv", "w") as f:
    f.write("id,type,name,aliases\n")
    for k in range(3):
        a = list(aliases)
        random.Random(k).shuffle(a)
        f.write('p1,person,Kim Ri,"%s"\n' % ";".join(a))
with open(f"{out}/ftm.json", "w") as f:
    f.write(json.dumps({"id": "ftm-p1", "schema": "Person",
                        "properties": {"name": ["Kim Ri"], "alias": aliases}}) + "\n")
with open(f"{out}/mapped.csv", "w") as f:
    f.write("id,name,aka\n")
    size = r = 0
    while size < 10 * 1000 * 1000:
        line = 'x%d,Holder %d,"%s"\n' % (r % 7, r % 7,
                                         ";".join("aka %d-%d" % (r, i) for i in range(20000)))
        f.write(line)
        size += len(line)
        r += 1
with open(f"{out}/mapping.json", "w") as f:
    json.dump({"file": "mapped.csv",
               "entities": {"holder": {"type": "person", "keys": ["id"], "name": "{name}",
                                       "aliases": {"column": "aka", "split": ";"}}}}, f, indent=1)
PY
fi

# run NAME ARGS...: imports, prints the seconds and the most aliases of an entity
run() {
    local name=$1 start end
    shift
    start=$EPOCHREALTIME
    "$BIN" import "$@" -o "$DIR/$name.jsonl" --quiet
    end=$EPOCHREALTIME
    local most
    most=$(python3 -c '
import json, sys
print(max(len(json.loads(l).get("aliases", [])) for l in open(sys.argv[1]) if "\"aliases\"" in l))' \
        "$DIR/$name.jsonl")
    awk -v n="$name" -v s="$start" -v e="$end" -v m="$most" \
        'BEGIN { printf "%-7s %8.2f s   %6s aliases\n", n, e - s, m }'
}

# same NAME ARGS...: imports, prints the seconds and the entities written
same() {
    local name=$1 start end
    shift
    start=$EPOCHREALTIME
    "$BIN" import "$@" -o "$DIR/$name.jsonl" --quiet
    end=$EPOCHREALTIME
    local n
    n=$(grep -c '"kind":"entity"' "$DIR/$name.jsonl" || true)
    awk -v n="$name" -v s="$start" -v e="$end" -v m="$n" \
        'BEGIN { printf "%-12s %8.2f s   %6s entities\n", n, e - s, m }'
}

echo "casegraph: $BIN"
if [ -z "${CG_QUAD_SKIP_LISTS:-}" ]; then
    run one "$DIR/one.csv"
    run three "$DIR/three.csv"
    run ftm "$DIR/ftm.json"
    run mapped --mapping "$DIR/mapping.json" "$DIR/mapped.csv"
fi
for n in ${CG_SAME_SIZES:-20000 40000 80000}; do
    if [ ! -f "$DIR/same-$n-links.csv" ]; then
        python3 - "$DIR" "$n" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
with open(f"{out}/same-{n}.csv", "w") as f:
    f.write("id,type,name\n")
    for i in range(n):
        f.write("p%d,person,John Smith\n" % i)
with open(f"{out}/cases-{n}.csv", "w") as f:
    f.write("id,type,name,case\n")
    for i in range(n):
        f.write("p1,person,John Smith,case%d\n" % i)
with open(f"{out}/same-{n}-links.csv", "w") as f:
    f.write("source,target,type\n")
    for i in range(n):
        f.write("p%d,p%d,knows\n" % (i, (i + 1) % n))
PY
    fi
    same "same-$n" "$DIR/same-$n.csv"
    same "cases-$n" "$DIR/cases-$n.csv"
    same "links-$n" "$DIR/same-$n.csv" "$DIR/same-$n-links.csv"
    same "jsonl-$n" "$DIR/same-$n.jsonl"
done
