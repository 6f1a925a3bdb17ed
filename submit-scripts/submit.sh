#!/usr/bin/env bash
# Runs a job: submit.sh <job> [job options]   (jobs: covariance, mahalanobis, cluster, fit-gaussian, pipeline, bench)
# submit.sh --help lists the jobs, submit.sh <job> --help explains a job's options.
#
# With SPARK_HOME set, submits through $SPARK_HOME/bin/spark-submit; otherwise runs Spark's own
# SparkSubmit from the Maven-resolved jars, so a fresh clone needs no Spark installation.
# The master is --master URL (first option) or $SPARK_MASTER, else spark.master from
# $MVSTAT_SPARK_CONF, default local[*].
# The job jar is (re)built first when it is missing or older than the sources.
#
# MVSTAT_SPARK_CONF=FILE adds a spark-defaults style file of Spark settings whose entries win over
# conf/spark-defaults.conf (--conf on the command line still wins over both), e.g. the
# client.conf of local-cluster.sh with the cluster's master and authentication secret. The secret
# stays in that file, off the command line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$root/jobs/target/mvstat-jobs.jar"
classpath_file="$root/jobs/target/spark-classpath.txt"
conf="$root/conf"

master="${SPARK_MASTER:-}"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master)
      if [ $# -lt 2 ]; then echo "submit.sh: error: --master needs a URL" >&2; exit 2; fi
      master="$2"; shift 2 ;;
    --master=*) master="${1#--master=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

# Rebuild when the jar is missing or any source, POM or bundled configuration is newer.
if [ ! -f "$jar" ] || [ ! -f "$classpath_file" ] || [ -n "$(find "$root/pom.xml" "$root/lib" "$root/jobs/pom.xml" \
     "$root/jobs/src" "$conf/jobs.properties" -newer "$jar" -type f \
     -not -path '*/target/*' 2>/dev/null | head -n 1)" ]; then
  echo "submit.sh: building the job jar (mvn package, tests skipped)..." >&2
  (cd "$root" && mvn -q -B -DskipTests package) >&2
fi

# Help and the options are checked in a plain JVM first: a usage error costs no Spark start.
check=(java -cp "$jar:$(cat "$classpath_file")" -Dmvstat.checkOnly=true dev.mvstat.jobs.Main "${args[@]}")
"${check[@]}" || exit $?
if [ "${args[0]}" = help ]; then exit 0; fi  # answered by the check, as --help and -h below
log_conf="$conf/log4j2-quiet.properties"
for arg in "${args[@]}"; do
  case "$arg" in
    --help|-h) exit 0 ;;
    --verbose) log_conf="$conf/log4j2.properties" ;;
  esac
done

props=(--properties-file "$conf/spark-defaults.conf")
extra_conf="${MVSTAT_SPARK_CONF:-}"
if [ -n "$extra_conf" ]; then
  if [ ! -r "$extra_conf" ]; then
    echo "submit.sh: error: MVSTAT_SPARK_CONF: cannot read '$extra_conf'" >&2; exit 2
  fi
  # SparkSubmit takes one --properties-file; with --load-spark-defaults it adds the entries of
  # $SPARK_CONF_DIR/spark-defaults.conf that the file lacks.
  export SPARK_CONF_DIR="$conf"
  props=(--properties-file "$extra_conf" --load-spark-defaults)
fi
# Without --master or SPARK_MASTER, SparkSubmit takes spark.master from the file, else local[*].
if [ -z "$master" ] && [ -z "$extra_conf" ]; then master='local[*]'; fi
spark_args=()
if [ -n "$master" ]; then spark_args=(--master "$master"); fi
# Spark's console progress bar erases itself on a terminal; into a file or pipe it would only add noise.
if [ ! -t 2 ]; then spark_args+=(--conf spark.ui.showConsoleProgress=false); fi

# Spark runs a task on every core; a native BLAS that also starts threads of its own oversubscribes
# them (several times slower). One thread per task, unless the caller says otherwise; executors get
# the same from spark.executorEnv.OPENBLAS_NUM_THREADS in conf/spark-defaults.conf.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# The incubating Vector API gives the covariance kernel SIMD tiles (executors get it from
# spark.executor.defaultJavaOptions in conf/spark-defaults.conf); without it the kernel runs scalar.
# Spark's log only with --verbose: otherwise a failure shows the job's one line alone.
java_opts="-Dlog4j2.configurationFile=file:$log_conf --add-modules=jdk.incubator.vector"
# The JVM then prints Java's notice of the incubator module on stderr, with no option to silence it:
# that exact line is dropped, the rest of stderr passes as it comes. The filter ignores Ctrl-C and
# kill, so that the job's last lines still pass, and ends when the job closes its stderr.
exec 2> >(trap '' INT TERM; exec grep --line-buffered -vxF 'WARNING: Using incubator modules: jdk.incubator.vector' >&2)
if [ -n "${SPARK_HOME:-}" ]; then
  exec "$SPARK_HOME/bin/spark-submit" "${spark_args[@]}" "${props[@]}" \
    --driver-java-options "$java_opts" --class dev.mvstat.jobs.Main "$jar" "${args[@]}"
fi

# shellcheck source=java-opens.sh
. "$here/java-opens.sh"
driver_memory="$(awk '$1 == "spark.driver.memory" {m = $2} END {print m}' "$conf/spark-defaults.conf" "${extra_conf:-/dev/null}")"
# shellcheck disable=SC2086
exec java -Xmx"${driver_memory:-4g}" "${JAVA_OPENS[@]}" $java_opts ${MVSTAT_JAVA_OPTS:-} \
  -cp "$jar:$(cat "$classpath_file")" org.apache.spark.deploy.SparkSubmit \
  "${spark_args[@]}" "${props[@]}" \
  --class dev.mvstat.jobs.Main "$jar" "${args[@]}"
