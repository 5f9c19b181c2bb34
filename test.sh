#!/usr/bin/env bash
# Runs every test of every module (the README's test command). Needs Java 17 and Maven.
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -B -ntp verify "$@"
