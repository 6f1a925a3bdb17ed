#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 for integration tests: one master and two workers
# (1 core and 2 GB each), run from the Maven-resolved Spark jars, so nothing is downloaded.
#
#   local-cluster.sh start    start it, or find it running; prints the master URL (spark://127.0.0.1:PORT)
#   local-cluster.sh stop     stop the processes `start` recorded (TERM, then KILL after 20 s)
#   local-cluster.sh status   says what runs; exit 0 when all three run, 3 when none, 1 when only some
#
# State (pids, logs, secret, SPARK_HOME of symlinks, worker dirs) lives in $MVSTAT_CLUSTER_DIR,
# default target/local-cluster. Ports: MVSTAT_MASTER_PORT, MVSTAT_MASTER_WEBUI_PORT and
# MVSTAT_WORKER_WEBUI_PORT (first worker; the second takes the next), default 0: free ports.
# `start` gives up after MVSTAT_CLUSTER_START_TIMEOUT seconds (default 60).
# Everything binds to 127.0.0.1. The cluster requires spark.authenticate with a secret made at
# each start; `start` writes $MVSTAT_CLUSTER_DIR/client.conf (mode 600) for clients:
#   MVSTAT_SPARK_CONF=target/local-cluster/client.conf submit-scripts/submit.sh covariance ...
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
state="${MVSTAT_CLUSTER_DIR:-$root/target/local-cluster}"
classpath_file="$root/jobs/target/spark-classpath.txt"
workers=(worker-1 worker-2)
start_timeout="${MVSTAT_CLUSTER_START_TIMEOUT:-60}"

MASTER_CLASS=org.apache.spark.deploy.master.Master
WORKER_CLASS=org.apache.spark.deploy.worker.Worker

# shellcheck source=java-opens.sh
. "$here/java-opens.sh"

die() { echo "local-cluster.sh: error: $*" >&2; exit 1; }

class_of() { case "$1" in master) echo "$MASTER_CLASS" ;; *) echo "$WORKER_CLASS" ;; esac; }

# The pid recorded for a daemon, if that process still is the JVM this state dir started: a
# recycled pid, or a daemon of another state dir, never matches (its command line names
# this state dir's daemon.conf and the daemon's class).
live_pid() {
  local pid cmdline
  pid="$(cat "$state/$1.pid" 2>/dev/null)" || return 1
  cmdline="$(tr '\0' ' ' 2> /dev/null < "/proc/$pid/cmdline")" || return 1
  case "$cmdline" in
    *"$(class_of "$1")"*"--properties-file $state/daemon.conf"*) echo "$pid" ;;
    *) return 1 ;;
  esac
}

# Whether a daemon this start launched is still alive. Right after the launch its pid may not
# have become java yet (nohup and the fork come first), so live_pid would be too strict here.
launched_alive() { kill -0 "$(cat "$state/$1.pid")" 2> /dev/null; }

# How many of master and workers run: prints "RUNNING TOTAL".
count_running() {
  local n=0 name
  for name in master "${workers[@]}"; do
    if live_pid "$name" > /dev/null; then n=$((n + 1)); fi
  done
  echo "$n $((1 + ${#workers[@]}))"
}

# The master's web UI JSON (workers and their states); empty when it does not answer.
master_json() {
  curl -fsS --max-time 2 "http://127.0.0.1:$(cat "$state/master.webui-port")/json/" 2>/dev/null || true
}

# The first match of a sed expression in a daemon's log, or nothing yet.
from_log() { sed -n "$2" "$state/$1.log" 2>/dev/null | head -n 1; }

do_status() {
  local name pid running total
  for name in master "${workers[@]}"; do
    if pid="$(live_pid "$name")"; then echo "$name: running (pid $pid)"; else echo "$name: stopped"; fi
  done
  read -r running total < <(count_running)
  if [ "$running" -eq "$total" ]; then
    echo "master URL: $(cat "$state/master.url")"
    echo "web UI: http://127.0.0.1:$(cat "$state/master.webui-port")/"
    return 0
  fi
  [ "$running" -eq 0 ] && return 3
  return 1
}

do_stop() {
  local name pid pids=() names=() i
  # Workers first: a worker that is told to stop ends its executors itself.
  for name in "${workers[@]}" master; do
    if pid="$(live_pid "$name")"; then
      kill -TERM "$pid" 2> /dev/null || true
      pids+=("$pid"); names+=("$name")
    fi
  done
  if [ "${#pids[@]}" -eq 0 ]; then echo "local-cluster.sh: nothing of $state runs" >&2; fi
  for ((i = 0; i < 20 * 4; i++)); do
    local alive=0
    for pid in "${pids[@]}"; do if kill -0 "$pid" 2> /dev/null; then alive=1; fi; done
    [ "$alive" -eq 0 ] && break
    sleep 0.25
  done
  for i in "${!pids[@]}"; do
    # Still the same JVM after 20 s: kill it outright.
    if live_pid "${names[$i]}" > /dev/null; then
      echo "local-cluster.sh: ${names[$i]} (pid ${pids[$i]}) ignored TERM; killing it" >&2
      kill -KILL "${pids[$i]}" 2> /dev/null || true
    fi
    echo "stopped ${names[$i]} (pid ${pids[$i]})"
  done
  rm -f "$state"/*.pid "$state/client.conf" "$state/daemon.conf" "$state/master.url" "$state/master.webui-port"
}

# Starts one daemon in the background, logging to $state/NAME.log, and records its pid.
launch() {
  local name="$1"; shift
  # stdin and stdout away from the caller, so that `url=$(local-cluster.sh start)` returns.
  # The daemons only pass messages: the C1 compiler alone starts each with half the CPU time.
  nohup java -Xmx1g -XX:TieredStopAtLevel=1 "${JAVA_OPENS[@]}" -cp "$state/spark-home/jars/*" "$(class_of "$name")" \
    "$@" --properties-file "$state/daemon.conf" < /dev/null > "$state/$name.log" 2>&1 &
  echo $! > "$state/$name.pid"
}

# Fails start: one line naming the log to read, after stopping whatever this start began.
fail_start() {
  do_stop > /dev/null 2>&1 || true
  die "$1"
}

do_start() {
  local running total url webui deadline i name
  mkdir -p "$state"
  chmod 700 "$state"
  read -r running total < <(count_running)
  if [ "$running" -eq "$total" ]; then cat "$state/master.url"; return 0; fi
  if [ "$running" -gt 0 ]; then
    die "the cluster in $state runs only in part ($running of $total daemons); run 'local-cluster.sh stop' first"
  fi

  if [ ! -f "$classpath_file" ]; then
    echo "local-cluster.sh: building the project for its Spark jars (mvn package, tests skipped)..." >&2
    (cd "$root" && mvn -q -B -DskipTests package) >&2
  fi
  # A SPARK_HOME whose jars/ holds the Maven-resolved runtime: workers build their executors'
  # command lines from it (SPARK_SCALA_VERSION spares them looking for a source build).
  rm -rf "$state/spark-home" "$state/work"
  mkdir -p "$state/spark-home/jars" "$state/spark-home/conf"
  tr ':' '\n' < "$classpath_file" | while read -r jar; do
    if [ -n "$jar" ]; then ln -s "$jar" "$state/spark-home/jars/"; fi
  done
  export SPARK_HOME="$state/spark-home" SPARK_CONF_DIR="$state/spark-home/conf" \
    SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
  # Every daemon binds its ports and web UI to SPARK_LOCAL_IP; workers hand it down to executors.

  # The secret stays in mode-600 files, off every command line (workers give it to their
  # executors through the environment). The master's REST submission server cannot
  # authenticate, so it is off.
  local secret
  secret="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  (umask 077; printf 'spark.authenticate true\nspark.authenticate.secret %s\nspark.master.rest.enabled false\n' \
    "$secret" > "$state/daemon.conf")
  rm -f "$state/master.url" "$state/master.webui-port" "$state/client.conf"

  deadline=$((SECONDS + start_timeout))
  launch master --host 127.0.0.1 --port "${MVSTAT_MASTER_PORT:-0}" --webui-port "${MVSTAT_MASTER_WEBUI_PORT:-0}"
  # With port 0 Spark picks free ports; the master's log says which.
  url="" webui=""
  while [ -z "$url" ] || [ -z "$webui" ]; do
    launched_alive master || fail_start "the master exited at start; see $state/master.log"
    [ "$SECONDS" -lt "$deadline" ] || fail_start "the master did not start within ${start_timeout} s; see $state/master.log"
    sleep 0.5
    url="$(from_log master 's|.*Starting Spark master at \(spark://[^ ]*\).*|\1|p')"
    webui="$(from_log master 's|.*Bound MasterWebUI to .*started at http://[^:]*:\([0-9]*\).*|\1|p')"
  done
  echo "$url" > "$state/master.url"
  echo "$webui" > "$state/master.webui-port"

  for i in "${!workers[@]}"; do
    name="${workers[$i]}"
    local worker_ui=0
    if [ -n "${MVSTAT_WORKER_WEBUI_PORT:-}" ]; then worker_ui=$((MVSTAT_WORKER_WEBUI_PORT + i)); fi
    mkdir -p "$state/work/$name"
    launch "$name" --host 127.0.0.1 --cores 1 --memory 2g --webui-port "$worker_ui" \
      --work-dir "$state/work/$name" "$url"
  done

  # Ready when the master lists both workers ALIVE.
  until [ "$(master_json | grep -o '"aliveworkers" *: *[0-9]*' | grep -o '[0-9]*$')" = "${#workers[@]}" ]; do
    for name in master "${workers[@]}"; do
      launched_alive "$name" || fail_start "$name exited at start; see $state/$name.log"
    done
    [ "$SECONDS" -lt "$deadline" ] ||
      fail_start "the workers did not register within ${start_timeout} s; see $state/worker-*.log"
    sleep 0.5
  done

  # Clients: the cluster's secret, executors that fit a worker's 2 GB, a driver on loopback.
  (umask 077; cat > "$state/client.conf" <<EOF
# Written by local-cluster.sh start for the cluster in $state; use with MVSTAT_SPARK_CONF.
spark.master                 $url
spark.authenticate           true
spark.authenticate.secret    $secret
spark.executor.memory        1500m
spark.driver.host            127.0.0.1
spark.driver.bindAddress     127.0.0.1
EOF
  )
  echo "$url"
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) echo "usage: local-cluster.sh start|stop|status" >&2; exit 2 ;;
esac
