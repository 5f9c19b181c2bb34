#!/usr/bin/env bash
# Runs an examples class in a plain JVM with Spark from the Maven classpath (no Spark install):
#   examples/run.sh org.rectifier.examples.bench.TrainingBenchmark [args...]
# Builds the project first if needed. JAVA_OPTS adds JVM flags (e.g. -Xmx8g); SPARK_LINE=spark-4
# runs it on the Spark 4 / Scala 2.13 line.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
classpath="$(examples/classpath.sh)"
mapfile -t flags < <(grep -v '^#' conf/jvm-options | grep .)
exec java "${flags[@]}" ${JAVA_OPTS:--Xmx6g} \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$classpath" "$@"
