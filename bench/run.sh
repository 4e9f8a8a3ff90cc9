#!/usr/bin/env bash
# Runs the Docket benchmark harness: builds what it needs (quietly, only when missing or stale),
# then starts it with plain java and a fixed heap. Options: bench/run.sh --help.
# BENCH_MAIN names another main class of the harness (bench/overhead.sh runs Overhead so).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh
pick_jdk || { echo "bench: needs a JDK 21 or newer; set JAVA_HOME" >&2; exit 1; }
ensure_built bench
# A fixed heap keeps GC sizing out of the figures.
# slf4j-simple logs for every main; Overhead picks its own provider (log=logback by default).
exec "$JAVA_HOME/bin/java" -Xms2g -Xmx2g -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  "${BENCH_MAIN:-dev.docket.bench.Bench}" "$@"
