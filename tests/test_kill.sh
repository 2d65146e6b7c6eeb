#!/usr/bin/env bash
# A killed `casegraph import` leaves the previous output file intact
# (docs/RELIABILITY.md): the graph is written to a temporary file next to the
# target and renamed over it only when complete (cg_jsonl_write_file).
#
# usage: tests/test_kill.sh PATH-TO-CASEGRAPH PATH-TO-CG-GEN
# Generates a 200,000-entity case with cg-gen, writes a small graph to
# out.jsonl, then imports the big case over it and sends SIGKILL once the
# temporary file has grown past 1 MB (in the middle of writing), and once
# while the inputs are still being read. Each time out.jsonl must be the
# small graph, byte for byte, and still readable; SIGTERM and SIGHUP while
# writing also leave no temporary file. Then `report -o DIR` over a previous
# briefing is stopped by SIGTERM at a dozen points: DIR must be the whole old
# set or the whole new one, checksum by checksum. A signal in the window
# between making a temporary and tracking it (the test hook
# CG_TEST_SIGNAL_IN raises it there, every time) and `render -T svg`
# stopped while dot draws leave nothing temporary either. Prints one line
# per check and exits non-zero when any failed.
set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 PATH-TO-CASEGRAPH PATH-TO-CG-GEN" >&2
	exit 2
fi
CG=$1
GEN=$2
ROOT=${CG_SOURCE_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cg_test_kill.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
failures=0

pass() { echo "ok   $1"; }
fail() {
	failures=$((failures + 1))
	echo "FAIL $1"
}

if ! "$GEN" --entities 200000 -o "$WORK/big" >/dev/null 2>&1; then
	echo "FAIL cg-gen could not generate the big case"
	exit 1
fi
"$CG" import -q "$ROOT"/examples/payroll/nodes.csv "$ROOT"/examples/payroll/links.csv \
	-o "$WORK/out.jsonl" || { echo "FAIL the small import"; exit 1; }
cp "$WORK/out.jsonl" "$WORK/expect.jsonl"

# temp_size: the size of the temporary file next to out.jsonl, 0 if none.
temp_size() {
	local t
	for t in "$WORK"/out.jsonl.tmp.*; do
		[ -f "$t" ] && { stat -c %s "$t" 2>/dev/null || echo 0; return; }
	done
	echo 0
}

# check WHAT: out.jsonl is still the small graph and reads back.
check() {
	if cmp -s "$WORK/out.jsonl" "$WORK/expect.jsonl"; then
		pass "$1: out.jsonl is the previous graph, byte for byte"
	else
		fail "$1: out.jsonl changed ($(stat -c %s "$WORK/out.jsonl" 2>/dev/null) bytes)"
	fi
	if "$CG" stats -q "$WORK/out.jsonl" >/dev/null 2>&1; then
		pass "$1: out.jsonl still reads"
	else
		fail "$1: out.jsonl no longer reads"
	fi
}

# await PID CONDITION...: seen=1 once the command CONDITION succeeds (polled
# every 10 ms, up to 60 s: sanitizer builds are slow), seen=0 if PID ends
# first or the time is up.
await() {
	local pid=$1 i
	shift
	seen=0
	for i in $(seq 1 6000); do
		if "$@"; then
			seen=1
			return
		fi
		kill -0 "$pid" 2>/dev/null || return
		sleep 0.01
	done
}
temp_over_1mb() { [ "$(temp_size)" -gt 1000000 ]; }
dot_err_made() { [ -n "$(ls "$WORK"/img/x.svg.err.* 2>/dev/null)" ]; }

# 1. killed in the middle of writing
"$CG" import -q "$WORK/big/nodes.csv" "$WORK/big/links.csv" -o "$WORK/out.jsonl" &
pid=$!
await "$pid" temp_over_1mb
if [ $seen = 1 ]; then
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	pass "killed while writing the temporary file ($(temp_size) bytes written)"
	check "killed while writing"
	# the temporary file of the killed run is left behind: nothing can
	# remove it after SIGKILL. The next run removes it once it is older
	# than a minute and no live run holds its lock (graph/cg_outfile.c)
	if [ "$(temp_size)" -gt 0 ]; then
		pass "the killed run's temporary file is beside it, not in its place"
	else
		fail "no temporary file: the graph was not written beside the target"
	fi
	left=$(ls "$WORK"/out.jsonl.tmp.* 2>/dev/null | head -1)
	"$CG" import -q "$ROOT"/examples/payroll/nodes.csv "$ROOT"/examples/payroll/links.csv \
		-o "$WORK/out.jsonl"
	[ -f "$left" ] && pass "a leftover younger than a minute is kept (its run may be starting)" ||
		fail "the next run removed a leftover younger than a minute"
	touch -d '2 minutes ago' "$left"
	flock -o "$left" sleep 10 &
	holder=$!
	sleep 0.3
	"$CG" import -q "$ROOT"/examples/payroll/nodes.csv "$ROOT"/examples/payroll/links.csv \
		-o "$WORK/out.jsonl"
	[ -f "$left" ] && pass "a leftover whose lock a live process holds is kept" ||
		fail "the next run removed a temporary file a live process holds"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	touch -d '2 minutes ago' "$left"
	"$CG" import -q "$ROOT"/examples/payroll/nodes.csv "$ROOT"/examples/payroll/links.csv \
		-o "$WORK/out.jsonl"
	[ -e "$left" ] && fail "the killed run's old temporary file was not removed by the next run" ||
		pass "the next run removes the killed run's temporary file, older than a minute and unlocked"
	cp "$WORK/expect.jsonl" "$WORK/out.jsonl"
	rm -f "$WORK"/out.jsonl.tmp.*
else
	wait "$pid" 2>/dev/null
	fail "the import ended before it could be killed while writing"
fi

# 1b. stopped by SIGTERM or SIGHUP while writing: the same, and the run
# removes its temporary file before it dies (cli/main.c, the handler
# calling cg_outfile_remove_temporaries), dying of the signal
for sig in TERM HUP; do
	# with the signal's default action restored: a test run under nohup
	# inherits SIGHUP ignored, and casegraph rightly keeps it so
	env --default-signal="$sig" "$CG" import -q "$WORK/big/nodes.csv" "$WORK/big/links.csv" \
		-o "$WORK/out.jsonl" &
	pid=$!
	await "$pid" temp_over_1mb
	if [ $seen = 1 ]; then
		kill -"$sig" "$pid"
		wait "$pid" 2>/dev/null
		status=$?
		want=$((128 + $(kill -l "$sig")))
		if [ "$status" -eq "$want" ]; then
			pass "SIG$sig while writing: the run died of the signal (status $status)"
		else
			fail "SIG$sig while writing: status $status, not $want"
		fi
		check "SIG$sig while writing"
		if [ "$(temp_size)" -eq 0 ]; then
			pass "SIG$sig while writing: no temporary file left"
		else
			fail "SIG$sig while writing: the temporary file was left ($(temp_size) bytes)"
			rm -f "$WORK"/out.jsonl.tmp.*
		fi
	else
		wait "$pid" 2>/dev/null
		fail "the import ended before SIG$sig could reach it while writing"
	fi
done

# 2. killed while reading the inputs (nothing written yet)
"$CG" import -q "$WORK/big/nodes.csv" "$WORK/big/links.csv" -o "$WORK/out.jsonl" &
pid=$!
sleep 0.3
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "killed while reading"

# 3. and a run that completes replaces it
if "$CG" import -q "$ROOT"/examples/laptop-farm/nodes.csv -o "$WORK/out.jsonl" &&
	! cmp -s "$WORK/out.jsonl" "$WORK/expect.jsonl" && [ "$(temp_size)" -eq 0 ]; then
	pass "a complete run replaces the graph and leaves no temporary file"
else
	fail "a complete run did not replace the graph cleanly"
fi

# 4. report -o DIR stopped by SIGTERM at several points over a previous
# briefing: DIR is afterwards the whole previous set or the whole new one
# (compared file by file, by checksum), never a mix, and no DIR.tmp.XXXXXX
# is left (graph/cg_outfile.h, cg_outdir)
EXI=("$ROOT"/examples/front-company/nodes.csv "$ROOT"/examples/front-company/links.csv
	"$ROOT"/examples/laptop-farm/nodes.csv "$ROOT"/examples/laptop-farm/links.csv
	"$ROOT"/examples/payroll/nodes.csv "$ROOT"/examples/payroll/links.csv)
sums() { (cd "$1" && for f in *; do [ -e "$f" ] && echo "$f $(cksum <"$f")"; done); }
"$CG" report -q --date 2024-01-01 "$ROOT"/examples/payroll/nodes.csv -o "$WORK/oldset" >/dev/null 2>&1
"$CG" report -q --date 2024-01-01 "${EXI[@]}" -o "$WORK/newset" >/dev/null 2>&1
sums "$WORK/oldset" >"$WORK/old.sums"
sums "$WORK/newset" >"$WORK/new.sums"
stopped=0
for delay in 0.02 0.05 0.1 0.15 0.2 0.3 0.4 0.5 0.7 0.9 1.2 1.6; do
	rm -rf "$WORK/rep"
	cp -r "$WORK/oldset" "$WORK/rep"
	"$CG" report -q --date 2024-01-01 "${EXI[@]}" -o "$WORK/rep" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ $? -eq 143 ] && stopped=$((stopped + 1))
	got=$(sums "$WORK/rep")
	if [ "$got" = "$(cat "$WORK/old.sums")" ]; then
		pass "report stopped after $delay s: the previous briefing, whole"
	elif [ "$got" = "$(cat "$WORK/new.sums")" ]; then
		pass "report stopped after $delay s: the new briefing, whole"
	else
		fail "report stopped after $delay s: a mix of old and new files" \
			"$(diff <(echo "$got") "$WORK/old.sums" | head -5)"
	fi
	if [ -n "$(ls -d "$WORK"/rep.tmp.* "$WORK"/rep/*.tmp.* 2>/dev/null)" ]; then
		fail "report stopped after $delay s: left $(ls -d "$WORK"/rep.tmp.* "$WORK"/rep/*.tmp.* 2>/dev/null)"
		rm -rf "$WORK"/rep.tmp.*
	fi
done
if [ "$stopped" -gt 0 ]; then
	pass "SIGTERM reached $stopped report runs before they ended"
else
	fail "no report run was stopped by SIGTERM: the runs were too quick"
fi

# 4b. what a run killed by SIGKILL left of a directory output (a
# DIR.tmp.XXXXXX with files in it): the next report -o DIR removes it once
# it is older than a minute; names that are not a leftover's stay
# (a user's rep.tmp.backup, a leftover-like name holding a subdirectory,
# and other names are not a leftover's)
mkdir -p "$WORK/rep.tmp.cgK1ll3d" "$WORK/rep.tmp.backup" "$WORK/rep.tmp.cgW1thSub/sub" \
	"$WORK/rep.tmp.keepme1" "$WORK/rep.tmpz"
echo partial >"$WORK/rep.tmp.cgK1ll3d/briefing.md"
echo mine >"$WORK/rep.tmp.backup/notes.txt"
echo mine >"$WORK/rep.tmp.cgW1thSub/notes.txt"
touch -d '2 minutes ago' "$WORK"/rep.tmp.* "$WORK/rep.tmpz"
"$CG" report -q --date 2024-01-01 "$ROOT"/examples/payroll/nodes.csv -o "$WORK/rep" >/dev/null 2>&1
if [ ! -e "$WORK/rep.tmp.cgK1ll3d" ] && [ -f "$WORK/rep.tmp.backup/notes.txt" ] &&
	[ -f "$WORK/rep.tmp.cgW1thSub/notes.txt" ] && [ -d "$WORK/rep.tmp.keepme1" ] &&
	[ -d "$WORK/rep.tmpz" ]; then
	pass "report -o DIR removes a dead run's DIR.tmp.cgXXXXXX, and nothing else"
else
	fail "report -o DIR and leftovers: $(find "$WORK"/rep.tmp* 2>/dev/null | tr '\n' ' ')"
fi
rm -rf "$WORK"/rep.tmp*
# a user's own file named like an old-style temporary stays beside a file output
echo mine >"$WORK/out.jsonl.tmp.backup"
touch -d '2 minutes ago' "$WORK/out.jsonl.tmp.backup"
"$CG" import -q "$ROOT"/examples/payroll/nodes.csv -o "$WORK/out.jsonl"
[ -f "$WORK/out.jsonl.tmp.backup" ] && pass "a user's out.jsonl.tmp.backup is left alone" ||
	fail "the sweep removed a user's out.jsonl.tmp.backup"
rm -f "$WORK/out.jsonl.tmp.backup"
cp "$WORK/expect.jsonl" "$WORK/out.jsonl"

# 5. a signal in the window between making a temporary file or directory
# and tracking it for the handler (graph/cg_outfile.c): the test hook
# CG_TEST_SIGNAL_IN raises SIGTERM right there, every time. The run dies of
# it, the previous output is whole, and nothing temporary is left (run in
# the background: the shell says nothing of a job killed by a signal).
rm -rf "$WORK/rep" "$WORK"/rep.tmp.*
cp -r "$WORK/oldset" "$WORK/rep"
env --default-signal=TERM CG_TEST_SIGNAL_IN=tmpdir "$CG" report -q --date 2024-01-01 "${EXI[@]}" \
	-o "$WORK/rep" >/dev/null 2>&1 &
wait $!
status=$?
left=$(ls -d "$WORK"/rep.tmp.* "$WORK"/rep/*.tmp.* 2>/dev/null)
if [ "$status" -eq 143 ] && [ "$(sums "$WORK/rep")" = "$(cat "$WORK/old.sums")" ] && [ -z "$left" ]; then
	pass "SIGTERM as report's temporary directory is made: the previous briefing, nothing left"
else
	fail "SIGTERM as report's temporary directory is made: status $status, left '$left'"
	rm -rf "$WORK"/rep.tmp.*
fi
env --default-signal=TERM CG_TEST_SIGNAL_IN=tmpfile "$CG" import -q \
	"$ROOT"/examples/payroll/nodes.csv -o "$WORK/out.jsonl" >/dev/null 2>&1 &
wait $!
status=$?
if [ "$status" -eq 143 ] && [ "$(temp_size)" -eq 0 ] && [ -z "$(ls "$WORK"/out.jsonl.tmp.* 2>/dev/null)" ]; then
	pass "SIGTERM as import's temporary file is made: nothing left"
else
	fail "SIGTERM as import's temporary file is made: status $status, left $(ls "$WORK"/out.jsonl.tmp.* 2>/dev/null)"
	rm -f "$WORK"/out.jsonl.tmp.*
fi

# 6. render -T svg -o FILE stopped while Graphviz draws: neither the image's
# temporary file nor the file that takes dot's stderr (FILE.err.XXXXXX) is
# left (the run waits for dot; its handler removes both)
if command -v dot >/dev/null; then
	"$GEN" --entities 3000 -o "$WORK/mid" >/dev/null 2>&1
	mkdir -p "$WORK/img"
	env --default-signal=TERM "$CG" render -q "$WORK/mid/nodes.csv" "$WORK/mid/links.csv" \
		--max-nodes 2000 --layout dot -T svg -o "$WORK/img/x.svg" >/dev/null 2>&1 &
	pid=$!
	await "$pid" dot_err_made
	if [ $seen = 1 ]; then
		kill -TERM "$pid"
		wait "$pid" 2>/dev/null
		status=$?
		left=$(ls "$WORK"/img/x.svg.* 2>/dev/null)
		if [ "$status" -eq 143 ] && [ -z "$left" ]; then
			pass "render -T svg stopped while dot draws: nothing temporary left"
		else
			fail "render -T svg stopped while dot draws: status $status, left $left"
		fi
	else
		wait "$pid" 2>/dev/null
		fail "render -T svg ended before SIGTERM could reach it while dot draws"
	fi
fi

if [ $failures -ne 0 ]; then
	echo "$failures checks failed"
	exit 1
fi
echo "all checks passed"
