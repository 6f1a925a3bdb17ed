#!/usr/bin/env bash
# Fault checks on real processes, in local mode (CI runs this after `mvn -B verify`):
#   1. a covariance job killed (SIGKILL) while writing leaves no _SUCCESS and nothing at --output,
#      and the next run to the same output succeeds and removes the lock file and staging directory
#      the killed one left;
#   2. a job stopped by SIGTERM while writing leaves nothing at all: no output, lock or staging;
#   3. two concurrent runs to the same output: one fails with one clear line (exit 2, the output
#      is locked), the other succeeds, and the output equals that of a run alone.
# Usage: fault-integration.sh [ROWS]   (default 1000000 generated rows of 10 columns)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rows="${1:-1000000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/mvstat-faults.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "PASS: $*"; }
# The lock file and staging directories of the output named $1 in $work, one a line.
leftovers() { compgen -G "$work/.$1.*" || true; }
# Starts a job on output $1 in the background, logging to $work/$1.log, and waits until it writes
# its staging directory; sets pid.
start_writing() {
  "${job[@]}" --output "$work/$1" > "$work/$1.log" 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 600); do
    compgen -G "$work/.$1.staging-*" > /dev/null && break
    kill -0 "$pid" 2>/dev/null || fail "the job ended before it could be killed; see $work/$1.log"
    sleep 0.1
  done
  compgen -G "$work/.$1.staging-*" > /dev/null || fail "the job wrote no staging directory in 60 s; see $work/$1.log"
  sleep 1
}
# submit.sh execs java, so the pid of a background run is the job's JVM.
job=("$here/submit.sh" covariance --master 'local[2]' --input "$work/data.csv")

# Large enough that a job runs for several seconds on two cores.
awk -v n="$rows" 'BEGIN {
  srand(7); print "a,b,c,d,e,f,g,h,i,j"
  for (r = 0; r < n; r++) {
    x = rand(); printf "%.6f", 1000 + x
    for (j = 1; j < 10; j++) printf ",%.6f", j * x + rand()
    printf "\n"
  }
}' > "$work/data.csv"
"${job[@]}" --output "$work/warm-up" > /dev/null 2>&1 || fail "a plain run of the covariance job failed"

# 1. Killed while writing: wait for the staging directory beside the output, then SIGKILL.
start_writing killed
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
[ ! -e "$work/killed" ] || fail "a killed job left something at --output: $(ls -A "$work/killed")"
[ -n "$(leftovers killed)" ] || fail "a job killed by SIGKILL left no lock or staging directory to clean up"
pass "a job killed while writing leaves nothing at --output"
"${job[@]}" --output "$work/killed" > "$work/rerun.log" 2>&1 || fail "the run after the killed one failed: $(tail -1 "$work/rerun.log")"
[ -f "$work/killed/_SUCCESS" ] || fail "the run after the killed one wrote no _SUCCESS"
[ -z "$(leftovers killed)" ] || fail "the run after the killed one left beside its output: $(leftovers killed)"
pass "the next run to the same output succeeds and removes the killed run's lock and staging directory"

# 2. Stopped by SIGTERM (as by kill or Ctrl-C's SIGINT) while writing: the JVM's shutdown deletes all.
start_writing termed
kill "$pid"
set +e; wait "$pid"; code=$?; set -e
[ "$code" -ne 0 ] || fail "a job stopped by SIGTERM exited 0"
[ ! -e "$work/termed" ] || fail "a job stopped by SIGTERM left something at --output: $(ls -A "$work/termed")"
[ -z "$(leftovers termed)" ] || fail "a job stopped by SIGTERM left: $(leftovers termed)"
pass "a job stopped by SIGTERM while writing leaves no output, lock or staging directory (exit $code)"

# 3. Two concurrent runs to the same output.
"${job[@]}" --output "$work/shared" > "$work/a.log" 2>&1 & a=$!; pids+=("$a")
"${job[@]}" --output "$work/shared" > "$work/b.log" 2>&1 & b=$!; pids+=("$b")
set +e
wait "$a"; code_a=$?
wait "$b"; code_b=$?
set -e
codes="$(printf '%s\n' "$code_a" "$code_b" | sort | tr '\n' ' ')"
[ "$codes" = "0 2 " ] || fail "concurrent runs exited $code_a and $code_b, expected one 0 and one 2"
loser="$work/a.log"; [ "$code_b" -eq 2 ] && loser="$work/b.log"
line="$(grep 'is being written by another run' "$loser" || true)"
[ "$(printf '%s' "$line" | grep -c .)" -eq 1 ] || fail "the failing run did not print one line naming the lock: $(tail -2 "$loser")"
pass "of two concurrent runs one fails with: $line"
cmp "$work/shared/model.json" "$work/killed/model.json" || fail "the output of the concurrent runs differs from a run alone"
[ "$(cd "$work/shared" && find . -type f | sort)" = "$(cd "$work/killed" && find . -type f | sort)" ] \
  || fail "the output of the concurrent runs holds other files than a run alone"
pass "the output of the concurrent runs equals a run alone, bit for bit"
[ -z "$(leftovers shared)" ] || fail "the concurrent runs left beside their output: $(leftovers shared)"
pass "the concurrent runs leave nothing beside their output"
