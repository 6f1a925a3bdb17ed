#!/usr/bin/env bash
# Integration suite on a real Spark standalone cluster (local-cluster.sh: a master and two
# 1-core workers on 127.0.0.1, with authentication):
#   1. covariance, mahalanobis, cluster and fit-gaussian on data/iris.csv, once in client mode
#      against the cluster and once with --master local[2]: every data output must be the same
#      bytes (summary.json and report.html hold timings and the master, so they are left out);
#   2. every socket the cluster, a driver and its executors listen on is on 127.0.0.1;
#   3. a covariance job on a generated 800k x 10 CSV whose executor is killed (kill -9) in the
#      middle of a task still exits 0, with the model.json of local mode, byte for byte.
# Prints one PASS or FAIL line per check; exits 1 when any check fails, keeping its work
# directory (logs, outputs) and naming it. The cluster is its own, in that work directory, and
# is stopped on every exit.
#
# Why the two modes must agree bit for bit: results are deterministic for a given partitioning,
# and the partitioning is the same. local[2] has a default parallelism of 2 and the cluster
# max(registered cores, 2) = 2, so the CSV reader splits files alike, whether 0, 1 or 2
# executors have registered when the input is planned (and after one is killed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
submit="$here/submit.sh"
cluster="$here/local-cluster.sh"
iris="$root/data/iris.csv"
work="$(mktemp -d "${TMPDIR:-/tmp}/mvstat-cluster-it.XXXXXX")"
# Its own cluster's state; the jobs' outputs and logs go to $work/local and $work/cluster.
export MVSTAT_CLUSTER_DIR="$work/spark-cluster"
client_conf="$MVSTAT_CLUSTER_DIR/client.conf"
# Local-mode drivers bind to loopback too (otherwise Spark picks the host's address).
export SPARK_LOCAL_IP=127.0.0.1
failures=0
starting=""
driver=""

finish() {
  local rc=$?
  # A start still under way would launch daemons after the stop: let it finish (or time out).
  if [ -n "$starting" ]; then wait "$starting" 2> /dev/null || true; fi
  if [ -n "$driver" ]; then kill -TERM "$driver" 2> /dev/null || true; fi
  "$cluster" stop > /dev/null 2>&1 || echo "cluster-integration: could not stop the cluster in $MVSTAT_CLUSTER_DIR" >&2
  if [ "$failures" -eq 0 ] && [ "$rc" -eq 0 ]; then
    rm -rf "$work"
  else
    echo "cluster-integration: logs and outputs kept in $work"
  fi
}
trap finish EXIT
# Signals end the script through exit, so that finish runs (bash skips EXIT traps on a fatal TERM).
trap 'exit 130' INT
trap 'exit 143' TERM

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# JVM options of the drivers (MVSTAT_JAVA_OPTS) and the cluster's client settings of the next runs.
jvm_opts=""
conf="$client_conf"

# run MODE NAME JOB [options]: one job of submit.sh, its output in $work/MODE/NAME and its log in
# $work/MODE/NAME.log. local runs on local[2]; cluster takes master and secret from $conf.
run() {
  local mode="$1" name="$2" job="$3" start=$SECONDS rc=0
  shift 3
  mkdir -p "$work/$mode"
  if [ "$mode" = local ]; then
    env -u MVSTAT_SPARK_CONF MVSTAT_JAVA_OPTS="$jvm_opts" "$submit" "$job" --master 'local[2]' \
      --output "$work/$mode/$name" "$@" > "$work/$mode/$name.log" 2>&1 || rc=$?
  else
    MVSTAT_SPARK_CONF="$conf" MVSTAT_JAVA_OPTS="$jvm_opts" "$submit" "$job" \
      --output "$work/$mode/$name" "$@" > "$work/$mode/$name.log" 2>&1 || rc=$?
  fi
  if [ "$rc" -eq 0 ]; then
    pass "$mode $name: exit 0 ($((SECONDS - start)) s)"
  else
    fail "$mode $name: exit $rc ($((SECONDS - start)) s): $(grep -m 1 'error' "$work/$mode/$name.log" || tail -n 1 "$work/$mode/$name.log")"
  fi
}

# What must be equal of an output: a file's bytes; for a directory of part files, each part's
# number and content hash in partition order (so the partitioning is compared too).
fingerprint() {
  local part
  if [ -f "$1" ]; then cat "$1"; return; fi
  for part in "$1"/part-*; do
    [ -f "$part" ] || return 1
    printf '%s %s\n' "$(basename "$part" | cut -d- -f2)" "$(sha256sum < "$part")"
  done
}

# same NAME OUTPUT...: each listed output of job NAME is the same in both modes.
same() {
  local name="$1" out differing=()
  shift
  for out in "$@"; do
    local a b
    if ! a="$(fingerprint "$work/local/$name/$out")" || ! b="$(fingerprint "$work/cluster/$name/$out")" ||
       [ -z "$a" ] || [ "$a" != "$b" ]; then
      differing+=("$out")
    fi
  done
  if [ "${#differing[@]}" -eq 0 ]; then
    pass "$name: cluster and local[2] outputs identical ($*)"
  else
    fail "$name: cluster and local[2] outputs differ or are missing: ${differing[*]}"
  fi
}

iris_jobs() {
  local mode="$1" model="$work/$1/covariance/model.json"
  run "$mode" covariance covariance --input "$iris" --correlation both
  run "$mode" mahalanobis mahalanobis --input "$iris" --model "$model" --output-format csv
  run "$mode" cluster cluster --input "$iris" --metric mahalanobis --k 3 --output-format csv
  # Mini-batches of shuffled rows and the growing batch, kept to 12 epochs (19 steps, each a
  # Spark job): convergence is not what this checks.
  run "$mode" fit-gaussian fit-gaussian --input "$iris" --group-by species --batch-size 32 --seed 7 --epochs 12
}

# The pids of this cluster's executors.
executor_pids() {
  local cmdline f
  for f in /proc/[0-9]*/cmdline; do
    cmdline="$(tr '\0' ' ' 2> /dev/null < "$f")" || continue
    case "$cmdline" in
      *"$MVSTAT_CLUSTER_DIR/spark-home/"*CoarseGrainedExecutorBackend*) f="${f#/proc/}"; echo "${f%/cmdline}" ;;
    esac
  done
}

# check_loopback PID...: every TCP socket these processes listen on is bound to 127.0.0.1.
check_loopback() {
  local line pid addr n=0 outside=()
  while read -r line; do
    pid="$(grep -o 'pid=[0-9]*' <<< "$line" | head -n 1)"
    case " $* " in *" ${pid#pid=} "*) ;; *) continue ;; esac
    addr="$(awk '{print $4}' <<< "$line")"
    n=$((n + 1))
    case "$addr" in 127.0.0.1:* | "[::ffff:127.0.0.1]:"*) ;; *) outside+=("$addr (${pid})") ;; esac
  done < <(ss -Hltnp)
  if [ "$n" -gt 0 ] && [ "${#outside[@]}" -eq 0 ]; then
    pass "loopback: the $# processes of master, workers, driver and executors listen on 127.0.0.1 only ($n sockets)"
  else
    fail "loopback: $n listening sockets, outside 127.0.0.1: ${outside[*]:-none found at all}"
  fi
}

# The last "Running task" or "Finished task" line of an executor's log, or nothing.
last_task_line() {
  grep -E 'Running task|Finished task' "/proc/$1/cwd/stderr" 2> /dev/null | tail -n 1 || true
}

# Kills (kill -9) an executor whose log shows a task running (started, not finished) and sets victim
# to its pid. The big covariance job's tasks run for seconds, so the kill lands mid-task. When a
# task is first seen running, while driver and executors run, checks where everything listens;
# that takes a moment, so the log is read again right before the kill. Every poll is logged to
# $work/kill-polls.log.
kill_busy_executor() {
  local pid last executors daemons checked="" deadline=$((SECONDS + 120))
  while kill -0 "$driver" 2> /dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    mapfile -t executors < <(executor_pids)
    for pid in "${executors[@]}"; do
      last="$(last_task_line "$pid")"
      echo "$SECONDS s: executor $pid: ${last:-no task yet}" >> "$work/kill-polls.log"
      [[ "$last" == *"Running task"* ]] || continue
      if [ -z "$checked" ]; then
        mapfile -t daemons < <(cat "$MVSTAT_CLUSTER_DIR"/*.pid)
        check_loopback "${daemons[@]}" "$driver" "${executors[@]}"
        checked=1
      fi
      if [[ "$(last_task_line "$pid")" == *"Running task"* ]]; then
        kill -9 "$pid"
        victim="$pid"
        return 0
      fi
    done
    sleep 0.5
  done
  return 1
}

fault_test() {
  local big="$work/big.csv" start=$SECONDS rc=0
  victim=""
  # 800k rows of 10 correlated columns: about 73 MB, two input splits, tasks of several seconds.
  awk -v n=800000 -v d=10 'BEGIN {
      srand(20240611); h = "c1"; for (j = 2; j <= d; j++) h = h ",c" j; print h
      for (i = 0; i < n; i++) {
        x = 0; line = ""
        for (j = 1; j <= d; j++) { x = 0.5 * x + rand() - 0.5; line = line (j > 1 ? "," : "") sprintf("%.6f", x) }
        print line
      } }' > "$big"
  echo "     generated $big ($(du -m "$big" | cut -f1) MB, $((SECONDS - start)) s)"

  run local big-covariance covariance --input "$big"

  # The driver binds to loopback by client.conf alone here, as any client's would. --verbose keeps
  # Spark's log, which shows the task lost with the killed executor.
  start=$SECONDS
  env -u SPARK_LOCAL_IP MVSTAT_SPARK_CONF="$client_conf" "$submit" covariance --input "$big" --output "$work/cluster/big-covariance" \
    --verbose > "$work/cluster/big-covariance.log" 2>&1 &
  driver=$!
  if kill_busy_executor; then echo "     killed executor pid $victim in the middle of a task"; fi
  wait "$driver" || rc=$?
  driver=""
  if [ -z "$victim" ]; then
    fail "fault: no executor ran a task long enough to be killed (job exit $rc); the polls are in $work/kill-polls.log"
  elif [ "$rc" -ne 0 ]; then
    fail "fault: the covariance job exited $rc after its executor was killed; see $work/cluster/big-covariance.log"
  elif ! grep -q 'ExecutorLostFailure' "$work/cluster/big-covariance.log"; then
    fail "fault: the driver log shows no task lost with the killed executor"
  elif ! cmp -s "$work/local/big-covariance/model.json" "$work/cluster/big-covariance/model.json"; then
    fail "fault: model.json after the executor kill differs from local[2]"
  else
    pass "fault: executor killed mid-task, a task lost and rerun, exit 0, model.json identical to local[2] ($((SECONDS - start)) s)"
  fi
}

suite_start=$SECONDS
# The cluster starts while the local-mode jobs run (with more time allowed, as they share the CPUs).
MVSTAT_CLUSTER_START_TIMEOUT=150 "$cluster" start > "$work/cluster-url" 2> "$work/cluster-start.log" &
starting=$!

# The iris jobs are tiny: most of their CPU goes to JIT-compiling Spark itself, which the C1
# compiler alone does in half the time. Java 17 floating point is strict at every JIT tier; the
# Gram kernel picks scalar tiles without C2 (see Gram), in both modes alike, as they run with the
# same options. The fault test runs with the defaults.
jvm_opts="-XX:TieredStopAtLevel=1"
iris_jobs local

if wait "$starting"; then
  starting=""
  pass "cluster: started at $(cat "$work/cluster-url") (ready $((SECONDS - suite_start)) s into the suite)"
else
  starting=""
  fail "cluster: did not start: $(tail -n 1 "$work/cluster-start.log")"
  exit 1
fi
conf="$work/iris-client.conf"
(umask 077; cat "$client_conf" - > "$conf" <<< "spark.executor.extraJavaOptions $jvm_opts")
iris_jobs cluster
jvm_opts=""
conf="$client_conf"
same covariance model.json covariance.csv correlation.csv spearman.csv
same mahalanobis scores
same cluster linkage.csv mst.csv labels
same fit-gaussian gaussian.json trace.csv

# Executors ran on both workers (each worker's directory has an executor that registered).
registered=0
for w in worker-1 worker-2; do
  if grep -qs 'Successfully registered with driver' "$MVSTAT_CLUSTER_DIR/work/$w"/app-*/*/stderr; then
    registered=$((registered + 1))
  fi
done
if [ "$registered" -eq 2 ]; then pass "executors: both workers ran executors"; else fail "executors: only $registered of 2 workers ran an executor"; fi

fault_test

if [ "$failures" -gt 0 ]; then
  echo "cluster-integration: $failures check(s) FAILED ($((SECONDS - suite_start)) s)"
  exit 1
fi
echo "cluster-integration: all checks passed ($((SECONDS - suite_start)) s)"
