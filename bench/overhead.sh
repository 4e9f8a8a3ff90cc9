#!/usr/bin/env bash
# Observability overhead (issue 13): end-to-end jobs/s with MDC + DocketMetrics on against off,
# interleaved rounds in one JVM. Args go to dev.docket.bench.Overhead (key=value):
#   bench/overhead.sh uri=memory:// jobs=20000 rounds=6
#   bench/overhead.sh uri=redis://127.0.0.1:6379 jobs=5000 rounds=4
#   bench/overhead.sh uri=memory:// jobs=20000 rounds=6 percentiles=true   # client p50/p95/p99 too
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh
pick_jdk || { echo "bench: needs a JDK 21 or newer; set JAVA_HOME" >&2; exit 1; }
ensure_built bench
exec "$JAVA_HOME/bin/java" -Xms2g -Xmx2g \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.docket.bench.Overhead "$@"
