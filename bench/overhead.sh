#!/usr/bin/env bash
# Observability overhead (issue 13): end-to-end jobs/s with MDC + DocketMetrics on against off,
# interleaved rounds in one JVM. Args go to dev.docket.bench.Overhead (key=value):
#   bench/overhead.sh uri=memory:// jobs=20000 rounds=6
#   bench/overhead.sh uri=redis://127.0.0.1:6379 jobs=5000 rounds=4
#   bench/overhead.sh uri=memory:// jobs=20000 rounds=6 percentiles=true   # client p50/p95/p99 too
set -euo pipefail
BENCH_MAIN=dev.docket.bench.Overhead exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" "$@"
