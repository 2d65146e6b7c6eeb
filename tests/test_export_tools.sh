#!/bin/sh
# The exports load in the tools they name, checked by those tools' own
# readers and rules (docs/RENDER.md, "casegraph export"):
# - GraphML read by networkx and python-igraph, GEXF by networkx: as many
#   nodes and edges as `casegraph stats --json` counts entities and links,
#   and attribute values of the right types (a name, an amount, betweenness
#   as a double equal to `brokers --json`, n_cases as an int), on the example
#   and on a graph of awkward values (control characters, non-ASCII,
#   '&<>"', empty properties);
# - the wide CSV (--to csv-wide) parsed back by Python's csv module, a
#   multi-valued property with the separator inside a value split back by
#   the documented unescaping;
# - the Neo4j export: every header field of every file in neo4j-admin's
#   header grammar, the database name before the options in import.sh, and
#   load.cypher's statements.
# Skips (77) only when no python3 has networkx and igraph (Debian's
# python3-networkx and python3-igraph; ./run test installs them).
#
# Usage: test_export_tools.sh CASEGRAPH   (CG_SOURCE_ROOT: the source tree)
set -u

CG=${1:?usage: test_export_tools.sh CASEGRAPH}
SRC=${CG_SOURCE_ROOT:?CG_SOURCE_ROOT must name the source tree}
PY=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import networkx, igraph' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ]; then
	echo "SKIP: no python3 with networkx and igraph (apt-get install python3-networkx python3-igraph)"
	exit 77
fi

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail=0
bad() {
	echo "FAIL: $*" >&2
	fail=1
}

# the example, as the briefing reads it
cd "$SRC" || exit 1
set -- examples/*/nodes.csv examples/*/links.csv examples/payments/mapping.json \
	examples/misp-event.json examples/ftm-entities.json examples/reports/*.md

# a graph of awkward values: a control character, non-ASCII, XML's
# specials, properties empty for some entities, parallel links
A=$W/awkward
mkdir "$A"
printf 'id,type,name,case,role,aliases,note,nickname\r\n' >"$A/nodes.csv"
printf 'p1,person,"Zoë ""Q"" <&> \001Ωmega",odd,facilitator,Z; Ω,"a&b <c> ""d""",\r\n' >>"$A/nodes.csv"
printf 'p2,person,Ærøskøbing Ltd Owner,odd,,,,Æ\r\n' >>"$A/nodes.csv"
printf 'c1,company,"Acme & Sons ""<Ltd>""",odd,front,,,\r\n' >>"$A/nodes.csv"
printf 'source,target,type,case,amount,currency,date,note\r\n' >"$A/links.csv"
printf 'p1,c1,pays,odd,1234.50,EUR,2024-01-02,"memo <&> ""x"""\r\n' >>"$A/links.csv"
printf 'p1,c1,pays,odd,10.00,EUR,2024-01-03,\r\n' >>"$A/links.csv"
printf 'p1,p2,associate_of,odd,,,,\r\n' >>"$A/links.csv"

# graph NAME INPUT...: exports NAME.graphml and NAME.gexf and the counts
# and rank-1 broker the tools are compared with
graph() {
	name=$1
	shift
	"$CG" export -q "$@" --to graphml -o "$W/$name.graphml" 2>>"$W/log" || bad "$name: export --to graphml"
	"$CG" export -q "$@" --to gexf -o "$W/$name.gexf" 2>>"$W/log" || bad "$name: export --to gexf"
	"$CG" stats -q "$@" --json >"$W/$name.stats.json" 2>/dev/null || bad "$name: stats --json"
	"$CG" brokers -q "$@" --json >"$W/$name.brokers.json" 2>/dev/null ||
		bad "$name: brokers --json"
}
graph example "$@"
graph awkward "$A/nodes.csv" "$A/links.csv"

"$PY" - "$W" <<'PYEOF' || bad "GraphML and GEXF in networkx and igraph"
import json, sys, math, re
import networkx as nx
import igraph as ig

w = sys.argv[1]
ok = True

def check(cond, what):
    global ok
    if not cond:
        ok = False
        print("FAIL:", what, file=sys.stderr)

def xmltext(s):
    # XML 1.0 cannot hold C0 control characters but tab and line ends:
    # the exports write U+FFFD in their place
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", s)

def load(name):
    stats = json.load(open(f"{w}/{name}.stats.json"))
    brokers = json.load(open(f"{w}/{name}.brokers.json"))
    return stats, brokers

def nx_checks(name, kind, G, stats, top):
    check(G.number_of_nodes() == stats["entities"],
          f"{name}.{kind}: networkx reads {G.number_of_nodes()} nodes, stats {stats['entities']}")
    check(G.number_of_edges() == stats["links"],
          f"{name}.{kind}: networkx reads {G.number_of_edges()} edges, stats {stats['links']}")
    check(G.is_directed(), f"{name}.{kind}: the graph is directed")
    d = G.nodes[top["entity"]["id"]]
    check(d.get("name") == xmltext(top["entity"]["name"]),
          f"{name}.{kind}: name {d.get('name')!r}, brokers says {top['entity']['name']!r}")
    check(isinstance(d.get("betweenness"), float)
          and math.isclose(d["betweenness"], top["betweenness"], rel_tol=1e-12),
          f"{name}.{kind}: betweenness {d.get('betweenness')!r}, brokers {top['betweenness']!r}")
    check(isinstance(d.get("n_cases"), int), f"{name}.{kind}: n_cases {d.get('n_cases')!r} is an int")
    check(isinstance(d.get("shared"), bool), f"{name}.{kind}: shared {d.get('shared')!r} is a boolean")
    types = {}
    for _, t in G.nodes(data="type"):
        types[t] = types.get(t, 0) + 1
    want = {t["name"]: t["count"] for t in stats["entity_types"]}
    check(types == want, f"{name}.{kind}: types {types} != stats {want}")
    ltypes, und = {}, 0
    for _, _, e in G.edges(data=True):
        ltypes[e["type"]] = ltypes.get(e["type"], 0) + 1
        check(isinstance(e.get("directed"), bool), f"{name}.{kind}: directed {e.get('directed')!r}")
    want = {t["name"]: t["count"] for t in stats["link_types"]}
    check(ltypes == want, f"{name}.{kind}: link types {ltypes} != stats {want}")

def edge_attrs(G):
    return [e for _, _, e in G.edges(data=True)]

for name in ("example", "awkward"):
    stats, brokers = load(name)
    top = brokers["brokers"][0]
    for kind, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        try:
            G = reader(f"{w}/{name}.{kind}")
        except Exception as e:
            check(False, f"{name}.{kind}: networkx refuses it: {e}")
            continue
        nx_checks(name, kind, G, stats, top)
        pays = [e for e in edge_attrs(G) if e["type"] == "pays"]
        if name == "example":
            ex = [e for e in pays if e.get("amount") == "5312.40"]
            check(len(ex) >= 1 and ex[0].get("currency") == "USD"
                  and ex[0].get("amount_minor") == 531240 and ex[0].get("directed") is True,
                  f"example.{kind}: a 5312.40 USD payment: {ex[:1]}")
            und = [e for e in edge_attrs(G) if e["type"] == "associate_of"]
            check(und and all(e["directed"] is False for e in und),
                  f"example.{kind}: associate_of links marked directed=false")
        else:
            names = {d.get("name") for _, d in G.nodes(data=True)}
            check("Zoë \"Q\" <&> \ufffdΩmega" in names,
                  f"awkward.{kind}: the name with a control character: {names}")
            check("Acme & Sons \"<Ltd>\"" in names, f"awkward.{kind}: {names}")
            m = [e for e in pays if e.get("amount") == "1234.50"]
            check(len(m) == 1 and m[0].get("note") == 'memo <&> "x"' and m[0].get("amount_minor") == 123450,
                  f"awkward.{kind}: the memo and amount of a payment: {m}")
            nick = [d.get("nickname") for _, d in G.nodes(data=True)]
            check(sorted(nick, key=str) == sorted(["Æ", None, None], key=str),
                  f"awkward.{kind}: an empty property is absent: {nick}")
    # python-igraph reads GraphML (it has no GEXF reader)
    try:
        g = ig.Graph.Read_GraphML(f"{w}/{name}.graphml")
    except Exception as e:
        check(False, f"{name}.graphml: igraph refuses it: {e}")
        continue
    check(g.vcount() == stats["entities"] and g.ecount() == stats["links"],
          f"{name}.graphml: igraph reads {g.vcount()} nodes and {g.ecount()} edges, "
          f"stats {stats['entities']} and {stats['links']}")
    check(g.is_directed(), f"{name}.graphml: igraph reads a directed graph")
    v = g.vs.find(id=top["entity"]["id"])
    check(v["name"] == xmltext(top["entity"]["name"]), f"{name}.graphml: igraph name {v['name']!r}")
    check(isinstance(v["betweenness"], float)
          and math.isclose(v["betweenness"], top["betweenness"], rel_tol=1e-12),
          f"{name}.graphml: igraph betweenness {v['betweenness']!r}")
    check(v["n_cases"] >= 1 and v["n_cases"] == int(v["n_cases"]),
          f"{name}.graphml: igraph n_cases {v['n_cases']!r}")
    am = [e["amount_minor"] for e in g.es if e["type"] == "pays"]
    check(all(isinstance(a, float) and a == int(a) for a in am) and am,
          f"{name}.graphml: igraph amount_minor {am[:3]}")
sys.exit(0 if ok else 1)
PYEOF

# ---- the wide CSV ----
# p1 is read from two records, each with a note holding the separator '|'
# and the escape '\'; p2's note starts as a formula
V=$W/wide
mkdir "$V"
printf 'id,type,name,case,role,aliases,note\r\n' >"$V/nodes.csv"
printf 'p1,person,Zoë,w,facilitator,Z|1; Ω,"a|b\\c"\r\n' >>"$V/nodes.csv"
printf 'p1,person,Zoë,w,,,"x \\| y|"\r\n' >>"$V/nodes.csv"
printf 'p2,person,Bob,w,,,"=cmd|\047/c calc\047!A1"\r\n' >>"$V/nodes.csv"
printf 'source,target,type,case,amount,currency,date,note\r\n' >"$V/links.csv"
printf 'p1,p2,pays,w,-12.50,EUR,2024-01-02,"refund|late"\r\n' >>"$V/links.csv"
"$CG" export -q "$V/nodes.csv" "$V/links.csv" --to csv-wide -o "$W/wide.out" 2>>"$W/log" ||
	bad "export --to csv-wide"
"$PY" - "$W/wide.out" <<'PYEOF' || bad "the wide CSV read back with Python's csv"
import csv, re, sys

d = sys.argv[1]
ok = True

def check(cond, what):
    global ok
    if not cond:
        ok = False
        print("FAIL:", what, file=sys.stderr)

def values(cell):
    """docs/RENDER.md: a leading ' is the formula guard; split on '|' not
    escaped, then \\| is | and \\\\ is \\."""
    if cell.startswith("'"):
        cell = cell[1:]
    if cell == "":
        return []
    out, cur, i = [], "", 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell):
            cur += cell[i + 1]
            i += 2
            continue
        if ch == "|":
            out.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    out.append(cur)
    return out

raw = open(f"{d}/entities.csv", newline="", encoding="utf-8").read()
check(raw.endswith("\r\n") and not raw.startswith("\ufeff"), "entities.csv: CRLF, no BOM")
rows = list(csv.DictReader(open(f"{d}/entities.csv", newline="", encoding="utf-8")))
check(list(rows[0].keys()) == ["id", "type", "name", "aliases", "roles", "cases", "n_cases",
                               "degree", "betweenness", "cluster", "note", "citations"],
      f"entities.csv header: {list(rows[0].keys())}")
p1 = [r for r in rows if r["name"] == "Zoë"]
check(len(p1) == 1, f"one row for Zoë: {rows}")
if p1:
    r = p1[0]
    check(values(r["note"]) == ["a|b\\c", "x \\| y|"], f"note of Zoë: {r['note']!r} -> {values(r['note'])}")
    check(values(r["aliases"]) == ["Z|1", "Ω"], f"aliases of Zoë: {r['aliases']!r}")
    check(values(r["citations"]) == ["nodes.csv:2 (w)", "nodes.csv:3 (w)"]
          or all(re.search(r"nodes\.csv:[23] \(w\)$", c) for c in values(r["citations"])),
          f"citations of Zoë: {r['citations']!r}")
bob = [r for r in rows if r["name"] == "Bob"]
if bob:
    check(bob[0]["note"].startswith("'="), f"a formula is neutralised: {bob[0]['note']!r}")
    check(values(bob[0]["note"]) == ["=cmd|'/c calc'!A1"], f"note of Bob: {values(bob[0]['note'])}")
links = list(csv.DictReader(open(f"{d}/links.csv", newline="", encoding="utf-8")))
check(len(links) == 1 and links[0]["amount"] == "-12.50" and values(links[0]["note"]) == ["refund|late"],
      f"links.csv: {links}")
sys.exit(0 if ok else 1)
PYEOF

# ---- Neo4j ----
"$CG" export -q "$@" --to neo4j -o "$W/neo" 2>>"$W/log" || bad "export --to neo4j"
"$CG" export -q "$A/nodes.csv" "$A/links.csv" --to neo4j -o "$W/neo-awkward" 2>>"$W/log" ||
	bad "export --to neo4j (awkward)"
"$PY" - "$W/neo" "$W/neo-awkward" <<'PYEOF' || bad "the Neo4j export against neo4j-admin's header grammar"
import csv, glob, os, re, shlex, sys

ok = True

def check(cond, what):
    global ok
    if not cond:
        ok = False
        print("FAIL:", what, file=sys.stderr)

# neo4j-admin's header fields (Operations Manual, "Import: CSV header
# format"): name:type, or a special field with an optional name and id group
TYPES = ("int|long|float|double|boolean|byte|short|char|string|point|date|localtime|time|"
         "localdatetime|datetime|duration")
PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(:(" + TYPES + r")(\[\])?)?$")
SPECIAL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)?:(ID|START_ID|END_ID)(\([A-Za-z0-9_-]+\))?$|^:(LABEL|TYPE|IGNORE)$")

for d in sys.argv[1:]:
    files = sorted(os.path.basename(p) for p in glob.glob(f"{d}/*.csv"))
    check(files, f"{d}: no CSV files")
    for name in files:
        with open(f"{d}/{name}", newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        for field in header:
            check(PLAIN.match(field) or SPECIAL.match(field),
                  f"{name}: header field {field!r} is not in neo4j-admin's grammar")
        check(len(set(header)) == len(header), f"{name}: a header field twice: {header}")
        if name.startswith("nodes-"):
            check(header.count("id:ID") == 1 and ":LABEL" in header, f"{name}: {header}")
            t = name[len("nodes-"):-len(".csv")]
            with open(f"{d}/{name}", newline="", encoding="utf-8") as fh:
                types = {r["type"] for r in csv.DictReader(fh)}
            check(t == "other" or types == {t}, f"{name}: rows of types {types}")
        else:
            check(name.startswith("relationships-") and header[:3] == [":START_ID", ":END_ID", ":TYPE"],
                  f"{name}: {header}")
    # import.sh: the database name right after "full", before every option;
    # a --nodes or --relationships per file, each file named once
    script = open(f"{d}/import.sh", encoding="utf-8").read()
    cmd = [l for l in script.replace("\\\n", " ").splitlines() if l.startswith("neo4j-admin ")]
    check(len(cmd) == 1, f"{d}/import.sh: one neo4j-admin command: {cmd}")
    if cmd:
        argv = shlex.split(cmd[0])
        check(argv[:4] == ["neo4j-admin", "database", "import", "full"], f"import.sh: {argv[:4]}")
        check(argv[4] == "${1:-neo4j}" and all(a.startswith("--") for a in argv[5:]),
              f"import.sh: the database name first, then options: {argv[4:6]}")
        named = sorted(a.split("=", 1)[1].replace("$here/", "") for a in argv[5:]
                       if a.startswith(("--nodes=", "--relationships=")))
        check(named == files, f"import.sh names {named}, the directory holds {files}")
        for a in argv[5:]:
            if a.startswith("--nodes="):
                check("/nodes-" in a, f"import.sh: {a}")
            if a.startswith("--relationships="):
                check("/relationships-" in a, f"import.sh: {a}")
    cy = open(f"{d}/load.cypher", encoding="utf-8").read()
    check("CREATE CONSTRAINT" in cy and "REQUIRE n.id IS UNIQUE" in cy, "load.cypher: the constraint on id")
    for name in files:
        check(cy.count(f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row") == 1,
              f"load.cypher loads {name} once")
    check("MERGE (n:Entity {id: row.`id:ID`})" in cy and "split(row.`aliases:string[]`, ';')" in cy,
          "load.cypher: MERGE on id, arrays split on ';'")
    check("CREATE (a)-[r:PAYS]->(b)" in cy, "load.cypher: relationships by type")
sys.exit(0 if ok else 1)
PYEOF

exit $fail
