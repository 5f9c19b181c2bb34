#!/usr/bin/env bash
# Runs every test of every module (the README's test command), on both Spark lines: first the
# default line (Spark 3.5 / Scala 2.12: everything, notebooks and YARN included), then the
# Spark 4 line (-Pspark-4, Scala 2.13: the plugin's suite, Spark Connect, the main job through
# Spark 4's spark-submit). Needs Java 17 and Maven. Arguments go to both Maven runs.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -ntp verify "$@"
mvn -B -ntp -Pspark-4 verify "$@"
