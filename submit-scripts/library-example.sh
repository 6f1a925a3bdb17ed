#!/usr/bin/env bash
# The library as a dependency of a Spark application of its own (CI runs this after `mvn -B verify`):
#   1. installs dev.mvstat:mvstat-lib (and the parent POM) into the local Maven repository
#      (mvn install, tests skipped);
#   2. builds submit-scripts/library-example/, a separate Maven project that depends on it with
#      Spark provided, and writes its runtime classpath (the library and the Maven-resolved Spark jars);
#   3. runs it in local mode with plain java: a Pipeline of VectorAssembler and
#      MahalanobisOutlierDetector fitted to data/iris.csv, saved, loaded with PipelineModel.load and
#      applied to the file and to a stream of it; it prints one PASS or FAIL line per check of the scores.
# Exits 1 when a check fails, keeping the work directory (the saved pipeline) and naming it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
example="$here/library-example"

# The first <version> of the parent POM is the project's; Spark's is the spark.version property.
pom_value() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -n 1; }
versions=(-Dmvstat.version="$(pom_value version)" -Dspark.version="$(pom_value spark.version)")

(cd "$root" && mvn -B -q install -DskipTests -pl lib -am)
mvn -B -q -f "$example/pom.xml" "${versions[@]}" compile

# shellcheck source=java-opens.sh
. "$here/java-opens.sh"
work="$(mktemp -d "${TMPDIR:-/tmp}/mvstat-library-example.XXXXXX")"
set +e
java -Xmx1g "${JAVA_OPENS[@]}" -Dlog4j2.configurationFile="file:$root/conf/log4j2.properties" \
  -cp "$example/target/classes:$(cat "$example/target/classpath.txt")" \
  com.example.outliers.IrisOutliers "$root/data/iris.csv" "$work"
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  echo "library-example: FAILED (exit $rc); work directory kept: $work" >&2
  exit 1
fi
rm -rf "$work"
echo "library-example: all checks passed"
