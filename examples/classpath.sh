#!/usr/bin/env bash
# Prints the classpath that runs the examples with Spark from Maven (no Spark installation): the
# modules' classes directories first, then the examples module's compile classpath (Spark,
# JFreeChart, ...). Builds the project first when a pom or a source is newer than the cached list
# in examples/target/classpath.txt. Used by examples/run.sh and notebooks/install-kernel.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp_file="examples/target/classpath.txt"
if [ ! -f "$cp_file" ] || [ pom.xml -nt "$cp_file" ] || [ examples/pom.xml -nt "$cp_file" ] \
    || [ -n "$(find spark-plugin/src examples/src -newer "$cp_file" -type f 2>/dev/null | head -1)" ]; then
  # Build output to stderr: stdout is the classpath.
  mvn -q -B -ntp install -DskipTests >&2
  # includeScope=compile also takes provided-scope jars (Spark), not test ones.
  mvn -q -B -ntp -pl examples dependency:build-classpath -DincludeScope=compile \
    -Dmdep.outputFile="target/classpath.txt" >&2
fi
echo "$root/examples/target/classes:$root/spark-plugin/target/classes:$(cat "$cp_file")"
