#!/usr/bin/env bash
# Prints the classpath that runs the examples with Spark from Maven (no Spark installation): the
# modules' classes directories first, then the examples module's compile classpath (Spark,
# JFreeChart, ...). Builds the project first when a pom or a source is newer than the cached list
# in the examples module's build directory. Used by examples/run.sh and notebooks/install-kernel.sh.
# SPARK_LINE=spark-4 gives the Spark 4 / Scala 2.13 line's (built with -Pspark-4 into target/spark-4).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
line="${SPARK_LINE:-spark-3.5}"
case "$line" in
  spark-3.5) out=target; profile=() ;;
  spark-4) out=target/spark-4; profile=(-Pspark-4) ;;
  *) echo "SPARK_LINE is '$line'; expected spark-3.5 (the default) or spark-4" >&2; exit 2 ;;
esac
cp_file="examples/$out/classpath.txt"
if [ ! -f "$cp_file" ] || [ pom.xml -nt "$cp_file" ] || [ examples/pom.xml -nt "$cp_file" ] \
    || [ -n "$(find spark-plugin/src examples/src -newer "$cp_file" -type f 2>/dev/null | head -1)" ]; then
  # Build output to stderr: stdout is the classpath.
  mvn -q -B -ntp "${profile[@]}" install -DskipTests >&2
  # includeScope=compile also takes provided-scope jars (Spark), not test ones.
  mvn -q -B -ntp "${profile[@]}" -pl examples dependency:build-classpath -DincludeScope=compile \
    -Dmdep.outputFile="$out/classpath.txt" >&2
fi
echo "$root/examples/$out/classes:$root/spark-plugin/$out/classes:$(cat "$cp_file")"
