#!/usr/bin/env bash
# Docket on RabbitMQ against RabbitMQ PerfTest, on the same server, queue type and machine, in
# the same run: end-to-end jobs/s with one producer and one consumer, persistent messages,
# publisher confirms and manual acks. Rounds alternate the two so drift hits both alike.
#
#   bench/rabbitmq.sh                   # quorum queues, 50 000 jobs, 3 rounds
#   QUEUE_TYPE=classic ROUNDS=5 bench/rabbitmq.sh
#
# Environment: DOCKET_TEST_AMQP_URI (default amqp://guest:guest@127.0.0.1:5672/%2F), JOBS,
# ROUNDS, QUEUE_TYPE (quorum|classic), CONCURRENCY (Docket worker concurrency, 16), PREFETCH
# (consumer prefetch, the same on both sides, 100).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh
pick_jdk || { echo "bench: needs a JDK 21 or newer; set JAVA_HOME" >&2; exit 1; }
ensure_built bench

URI=${DOCKET_TEST_AMQP_URI:-amqp://guest:guest@127.0.0.1:5672/%2F}
JOBS=${JOBS:-50000}
ROUNDS=${ROUNDS:-3}
QUEUE_TYPE=${QUEUE_TYPE:-quorum}
CONCURRENCY=${CONCURRENCY:-16}
PREFETCH=${PREFETCH:-100}
PERFTEST_DIR=bench/target/perftest

if ! ls "$PERFTEST_DIR"/perf-test-*.jar >/dev/null 2>&1; then
  echo "bench: fetching RabbitMQ PerfTest into $PERFTEST_DIR (not committed)..." >&2
  if (( $(java_major "$JAVA_HOME/bin/java") >= 24 )); then
    export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  fi
  mvn -q -B -ntp -f bench/perftest/pom.xml dependency:copy-dependencies \
    -DoutputDirectory=../target/perftest >&2
fi

case $QUEUE_TYPE in
  quorum) PT_QUEUE=(-qq) ;;
  # The arguments Docket declares on a classic work queue, so both sides use the same queue.
  classic) PT_QUEUE=(-qa x-queue-type=classic,x-max-priority=9) ;;
  *) echo "bench: QUEUE_TYPE must be quorum or classic" >&2; exit 2 ;;
esac

docket_round() {
  "$JAVA_HOME/bin/java" -Xms2g -Xmx2g -Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider \
    -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.docket.bench.Bench \
    --uri="$URI?queueType=$QUEUE_TYPE&prefetch=$PREFETCH" --workers=1 \
    --concurrency="$CONCURRENCY" --e2e-jobs="$JOBS" --warmup-jobs=10000 --repeats=1 \
    --bulk-jobs=5000 --rate=500 --latency-seconds=1 --warmup-seconds=1 --json=- 2>/dev/null \
    | grep -o '"endToEndPerSec":[0-9.]*' | cut -d: -f2
}

perftest_round() {
  local queue=perftest-$$-$1
  "$JAVA_HOME/bin/java" -Xms2g -Xmx2g -cp "$PERFTEST_DIR/*" com.rabbitmq.perf.PerfTest \
    -h "$URI" -x 1 -y 1 -u "$queue" "${PT_QUEUE[@]}" -ad false -f persistent -c 1000 \
    -q "$PREFETCH" -s 300 -C "$JOBS" -D "$JOBS" 2>/dev/null \
    | grep -o 'receiving rate avg: [0-9]*' | grep -o '[0-9]*$'
  # PerfTest leaves a durable queue behind with -ad false; delete it quietly.
  rabbitmqctl delete_queue "$queue" >/dev/null 2>&1 || true
}

# The harness makes fresh Docket queues per measurement and Docket has no queue deletion; each
# Docket queue is 4 AMQP queues or more (bands, DLQ, delay tiers), so remove them after every round.
delete_bench_queues() {
  rabbitmqctl eval 'length([catch rabbit_amqqueue:delete(Q, false, false, <<"docket-bench">>)
    || Q <- rabbit_amqqueue:list(), binary:match(element(4, amqqueue:get_name(Q)),
    <<"bench-">>) =:= {0,6}]).' >/dev/null 2>&1 || true
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "Docket vs PerfTest on $QUEUE_TYPE queues: $JOBS jobs, 1 producer, 1 consumer" \
  "(Docket worker concurrency $CONCURRENCY, prefetch $PREFETCH on both sides), $ROUNDS rounds"
printf '%-6s %14s %14s %8s\n' round docket_jobs/s perftest_msg/s ratio
docket_all=() perftest_all=()
for ((i = 1; i <= ROUNDS; i++)); do
  d=$(docket_round)
  delete_bench_queues
  p=$(perftest_round "$i")
  docket_all+=("$d") perftest_all+=("$p")
  printf '%-6s %14.0f %14.0f %8.2f\n' "$i" "$d" "$p" "$(awk -v d="$d" -v p="$p" 'BEGIN {print d/p}')"
done
dm=$(printf '%s\n' "${docket_all[@]}" | median)
pm=$(printf '%s\n' "${perftest_all[@]}" | median)
printf '%-6s %14.0f %14.0f %8.2f\n' median "$dm" "$pm" "$(awk -v d="$dm" -v p="$pm" 'BEGIN {print d/p}')"
