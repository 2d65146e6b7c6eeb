#!/usr/bin/env bash
# Running out of memory is an error, never a loss (docs/RELIABILITY.md,
# "Out of memory"): every importer, run under a limit on its address space
# (ulimit -v, RLIMIT_AS) at many levels between "the program cannot start"
# and "the import fits", either
#   - succeeds (exit 0) and writes exactly the graph it writes unlimited, or
#   - fails with exit 1 and "out of memory" on stderr, and leaves the
#     previous output file as it was, byte for byte.
# Anything else fails the test: exit 0 with a partial graph, rejected rows
# counted for want of memory, a crash (exit > 128), another exit code or
# another message.
#
# usage: tests/test_oom.sh PATH-TO-CASEGRAPH PATH-TO-CG-GEN
# Set CG_OOM_STEP (KiB, default 1024) for a finer sweep.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 PATH-TO-CASEGRAPH PATH-TO-CG-GEN" >&2
	exit 2
fi
CG=$1
GEN=$2
ROOT=${CG_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
STEP=${CG_OOM_STEP:-1024}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cg_test_oom.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
failures=0

pass() { echo "ok   $1"; }
fail() {
	failures=$((failures + 1))
	echo "FAIL $1"
}

# ---- the inputs: one of each format, large enough that the import itself
# (not only the program's start) needs memory ----
if ! "$GEN" --entities 20000 -o "$WORK/gen" >/dev/null 2>&1; then
	echo "FAIL cg-gen could not generate the case"
	exit 1
fi
"$CG" import -q "$WORK/gen/nodes.csv" "$WORK/gen/links.csv" -o "$WORK/g.jsonl" &&
	"$CG" export -q "$WORK/g.jsonl" --no-measures --to ftm -o "$WORK/g.ftm.json" &&
	"$CG" export -q "$WORK/g.jsonl" --no-measures --to stix -o "$WORK/g.stix.json" ||
	{ echo "FAIL could not make the JSON inputs"; exit 1; }

# a MISP event with 20,000 attributes
awk 'BEGIN {
	print "{\"Event\": {\"uuid\": \"5a0e8c1b-0000-4000-8000-000000000001\", \"info\": \"oom test (fictional)\", \"Attribute\": ["
	for (i = 0; i < 20000; i++)
		printf "%s{\"uuid\": \"5a0e8c1b-0000-4000-8000-%012d\", \"type\": \"%s\", \"value\": \"%s\"}\n",
			i ? "," : "", i + 2,
			i % 2 ? "domain" : "ip-dst",
			i % 2 ? sprintf("host%d.example.net", i) : sprintf("10.%d.%d.%d", i / 65536 % 256, i / 256 % 256, i % 256)
	print "]}}"
}' >"$WORK/event.misp.json"

# a report naming 8,000 domains, addresses and wallets in sentences
awk 'BEGIN {
	print "# Infrastructure of a fictional network"
	print ""
	for (i = 0; i < 8000; i++)
		printf "The domain relay%d.example.org resolved to 10.%d.%d.%d and mailed ops%d@relay%d.example.org.\n\n",
			i, i / 65536 % 256, i / 256 % 256, i % 256, i, i
}' >"$WORK/report.md"

# 10,000 payments read through the example mapping
mkdir -p "$WORK/pay"
cp "$ROOT/examples/payments/mapping.json" "$WORK/pay/mapping.json"
awk 'BEGIN {
	print "txn_id,posted,payer,payer_type,payer_dob,payer_bank,payer_account,payee,payee_type,payee_dob,payee_bank,payee_account,amount,currency,channel,status,memo,flags"
	for (i = 0; i < 10000; i++)
		printf "TX-%d,03/%02d/2023,Payer %d LLC,company,,Bank %d,%08d,Payee %d,person,07/19/1984,Bank %d,%010d,%d.50,USD,ACH,posted,\"net pay, payee name Anna Bell\",\n",
			i, i % 28 + 1, i % 700, i % 13, i % 700, i, i % 17, i, 100 + i
}' >"$WORK/pay/transactions.csv"

# limited KIB: runs the case's command under a limit of KIB KiB on its
# address space; stdout to $WORK/stdout, stderr to $WORK/err. Returns its
# exit status.
limited() {
	cp "$WORK/prev.jsonl" "$WORK/out.jsonl"
	# the outer redirection keeps bash's own "Segmentation fault" report of
	# a program that died before main (below) out of the test's output
	{ (ulimit -v "$1" && exec "$CG" "${cmd[@]}") >"$WORK/stdout" 2>"$WORK/err"; } 2>/dev/null
}

# run_case NAME file|stdout COMMAND ARGS...: checks casegraph COMMAND ARGS
# (with "-o out.jsonl" added in file mode, whose output is the file; in
# stdout mode the output is what it prints) at every limit of the sweep.
run_case() {
	local name=$1 mode=$2
	shift 2
	local out=$WORK/out.jsonl ref=$WORK/ref prev=$WORK/prev.jsonl
	local kib rc lo hi a b m failed=0 ok=0
	cmd=("$@")
	[ "$mode" = file ] && cmd+=(-o "$out")

	# the previous output every limited run tries to replace
	"$CG" import -q "$ROOT/examples/payroll/nodes.csv" -o "$prev" || {
		fail "$name: the small import failed"
		return
	}
	if ! limited unlimited; then
		fail "$name: the unlimited run failed: $(head -c 300 "$WORK/err")"
		return
	fi
	if [ "$mode" = file ]; then cp "$out" "$ref"; else cp "$WORK/stdout" "$ref"; fi
	# hi: a limit under which the command passes, by doubling
	hi=65536
	until limited "$hi"; do
		hi=$((hi * 2))
		if [ "$hi" -gt 4194304 ]; then
			fail "$name: no limit up to 4 GiB lets it pass"
			return
		fi
	done
	# the lowest limit that passes, to STEP, by bisection: the sweep below
	# covers every level from before the program can start to a little past
	# it (more passing runs would test nothing new)
	lo=$((hi / 2 < 40960 ? hi / 2 : 40960))
	a=$lo
	b=$hi
	while [ $((b - a)) -gt "$STEP" ]; do
		m=$(((a + b) / 2))
		if limited "$m"; then b=$m; else a=$m; fi
	done
	hi=$((b + 4 * STEP))
	for ((kib = lo; kib <= hi; kib += STEP)); do
		limited "$kib"
		rc=$?
		# the program did not start: the loader could not map a library
		# (exit 127), or a library's constructor died before main
		# (libgfortran, which igraph's LAPACK pulls in, recurses on a failed
		# calloc at one level); "casegraph --version" failing under the same
		# limit tells the two apart from a failure of casegraph itself
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] &&
			! { (ulimit -v "$kib" && exec "$CG" --version) >/dev/null 2>&1; } 2>/dev/null; then
			continue
		fi
		if [ "$rc" -eq 0 ]; then
			if { [ "$mode" = file ] && cmp -s "$out" "$ref"; } ||
				{ [ "$mode" = stdout ] && cmp -s "$WORK/stdout" "$ref"; }; then
				ok=$((ok + 1))
				continue
			fi
			fail "$name: at ${kib} KiB exit 0 but an output other than the unlimited one"
		elif [ "$rc" -ne 1 ]; then
			fail "$name: at ${kib} KiB exit $rc: $(head -c 300 "$WORK/err")"
		elif ! grep -q "out of memory" "$WORK/err"; then
			fail "$name: at ${kib} KiB exit 1 without 'out of memory': $(head -c 300 "$WORK/err")"
		elif [ "$mode" = file ] && ! cmp -s "$out" "$prev"; then
			fail "$name: at ${kib} KiB exit 1 but the previous output changed"
		elif ls "$WORK"/out.jsonl.tmp.* >/dev/null 2>&1; then
			fail "$name: at ${kib} KiB a temporary file was left"
		else
			failed=$((failed + 1))
			continue
		fi
		return
	done
	if [ "$failed" -eq 0 ]; then
		fail "$name: no limit between $lo and $hi KiB ran out of memory (the sweep tested nothing)"
		return
	fi
	pass "$name: $failed limits between $lo and $hi KiB ran out of memory cleanly, $ok passed with the whole output"
}

# every importer
run_case nodes+links file import -q "$WORK/gen/nodes.csv" "$WORK/gen/links.csv"
run_case jsonl file import -q "$WORK/g.jsonl"
run_case ftm file import -q "$WORK/g.ftm.json"
run_case stix file import -q "$WORK/g.stix.json"
run_case misp file import -q "$WORK/event.misp.json"
run_case report file import -q "$WORK/report.md"
run_case mapping file import -q --mapping "$WORK/pay/mapping.json" "$WORK/pay/transactions.csv"
# and what reads a graph to analyse, draw or export it
run_case "export graphml" file export -q "$WORK/g.jsonl" --to graphml
run_case "render" file render -q "$WORK/g.jsonl"
run_case "brokers" stdout brokers -q "$WORK/g.jsonl"
run_case "clusters" stdout clusters -q "$WORK/g.jsonl"
run_case "shared" stdout shared -q "$WORK/g.jsonl"

if [ "$failures" -ne 0 ]; then
	echo "$failures check(s) failed"
	exit 1
fi
echo "all checks passed"
