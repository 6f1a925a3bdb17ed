# Sourced by the scripts that start a JVM with Spark themselves: Spark 4 on Java 17 needs these
# packages of java.base opened to its unnamed module. Sets the array JAVA_OPENS.
JAVA_OPENS=()
for pkg in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
           java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs \
           sun.security.action sun.util.calendar; do
  JAVA_OPENS+=("--add-opens=java.base/$pkg=ALL-UNNAMED")
done
unset pkg
