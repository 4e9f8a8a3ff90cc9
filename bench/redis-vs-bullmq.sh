#!/usr/bin/env bash
# Docket's Redis broker against BullMQ on one private Redis, in the same run: ROUNDS rounds of
# (BullMQ run.sh, BullMQ redis_cost.sh e2e, Docket bench/run.sh with matching settings), raw
# output under bench/results/. BullMQ is installed into a temporary copy of the peer directory
# (BULLMQ_DIR, default /work/shared/peers/bullmq), never into this repository.
#   usage: bench/redis-vs-bullmq.sh        env: REDIS_PORT (6390), ROUNDS (2), BULLMQ_DIR
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PORT=${REDIS_PORT:-6390}
PEER=${BULLMQ_DIR:-/work/shared/peers/bullmq}
ROUNDS=${ROUNDS:-2}
# The peer scripts FLUSHALL between runs: never point them at a Redis that holds anything else.
if [[ $PORT == 6379 ]]; then
  echo "refusing to use port 6379 (the peer scripts flush the whole Redis); use a private one" >&2
  exit 2
fi
# The daemon must not inherit our open descriptors: run under `flock LOCK bench/...`, it would
# keep the lock held for as long as it lives (it outlives this script).
start_private_redis() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if (( fd > 2 )); then eval "exec $fd>&-"; fi
  done
  exec redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes
}
redis-cli -p "$PORT" ping >/dev/null 2>&1 || (start_private_redis)
WORK=${TMPDIR:-/tmp}/docket-bullmq-peer
if [[ ! -d $WORK/node_modules ]]; then
  mkdir -p "$WORK"
  cp -r "$PEER"/. "$WORK"/
  # The peer's lock file lacks optional platform packages on some npm versions: fall back to
  # npm install, which keeps the locked versions.
  (cd "$WORK" && { npm ci --silent 2>/dev/null || npm install --silent; })
fi
OUT=bench/results/redis-vs-bullmq-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
for r in $(seq "$ROUNDS"); do
  echo "round $r: BullMQ" >&2
  (cd "$WORK" && REDIS_PORT=$PORT ./run.sh "r$r") > "$OUT/bullmq-$r.txt" 2>&1
  (cd "$WORK" && REDIS_PORT=$PORT ./redis_cost.sh e2e 20000) > "$OUT/bullmq-cost-$r.txt" 2>&1
  redis-cli -p "$PORT" flushall >/dev/null
  echo "round $r: Docket" >&2
  bench/run.sh --uri="redis://127.0.0.1:$PORT" --workers=1 --concurrency=50 \
    --bulk-jobs=20000 --e2e-jobs=20000 --warmup-jobs=20000 --repeats=3 \
    --rate=200 --latency-seconds=5 --warmup-seconds=2 --json="$OUT/docket-$r.json" \
    > "$OUT/docket-$r.txt" 2>&1
  redis-cli -p "$PORT" flushall >/dev/null
done
echo "raw results in $OUT" >&2
for r in $(seq "$ROUNDS"); do
  echo "== round $r: BullMQ"; grep -E "median=" "$OUT/bullmq-$r.txt" || true
  grep -E "per_job_us|total_commands" "$OUT/bullmq-cost-$r.txt" || true
  echo "== round $r: Docket"; grep -E "^docket:|redis cost|redis memory|median|p50|p95|p99" \
    "$OUT/docket-$r.txt" || true
done
