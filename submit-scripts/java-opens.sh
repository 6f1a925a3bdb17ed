# Sourced by the scripts that start a JVM with Spark themselves: Spark 4 on Java 17 needs packages
# of java.base opened to its unnamed module. The flags are the root POM's spark.addOpens property,
# which the tests' JVMs use too, so the list lives in one place. Sets the array JAVA_OPENS.
java_opens_pom="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/pom.xml"
read -r -a JAVA_OPENS <<< "$(sed -n 's:.*<spark.addOpens>\(.*\)</spark.addOpens>.*:\1:p' "$java_opens_pom")"
if [ "${#JAVA_OPENS[@]}" -eq 0 ]; then
  echo "java-opens.sh: no spark.addOpens property in $java_opens_pom" >&2
  return 1
fi
unset java_opens_pom
