#!/usr/bin/env bash
# Runs an examples class in a plain JVM with Spark from the Maven classpath (no Spark install):
#   examples/run.sh org.rectifier.examples.bench.TrainingBenchmark [args...]
# Builds the project first if needed. JAVA_OPTS adds JVM flags (e.g. -Xmx8g).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp_file="examples/target/classpath.txt"
if [ ! -f "$cp_file" ] || [ pom.xml -nt "$cp_file" ] || [ examples/pom.xml -nt "$cp_file" ] \
    || [ -n "$(find spark-plugin/src examples/src -newer "$cp_file" -type f 2>/dev/null | head -1)" ]; then
  mvn -q -B -ntp install -DskipTests
  mvn -q -B -ntp -pl examples dependency:build-classpath -DincludeScope=compile \
    -Dmdep.outputFile="target/classpath.txt"
fi
mapfile -t flags < <(grep -v '^#' conf/jvm-options | grep .)
exec java "${flags[@]}" ${JAVA_OPTS:--Xmx6g} \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "examples/target/classes:$(cat "$cp_file")" "$@"
