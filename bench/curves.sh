#!/usr/bin/env bash
# Cost as work grows (issue 16): one curve per invocation, every point measured in the same run,
# every round printed, a Markdown table in bench/results/curves-NAME.md and PNGs in docs/img/.
# Args go to dev.docket.bench.curves.Curves (key=value); use a private Redis for Redis figures:
#   redis-server --port 6460 --save '' --appendonly no --daemonize yes
#   bench/curves.sh curve=backlog uris=redis://127.0.0.1:6460,amqp://guest:guest@127.0.0.1:5672/%2F,sqs://elasticmq \
#     levels.redis=0,10000,100000,1000000
#   bench/curves.sh curve=queues uri=redis://127.0.0.1:6460
#   bench/curves.sh curve=queues uri=sqs://elasticmq tag=sqs counts=1,10,100 jobs=5000
#   # RabbitMQ: a private node (BENCHMARKS.md shows one), its beam.smp's CPU read from /proc:
#   bench/curves.sh curve=queues 'uri=amqp://guest:guest@127.0.0.1:5680/%2F' tag=rabbitmq \
#     broker-pid="$(cat /tmp/curves2-rabbit/pid)" counts=1,10,100
#   bench/curves.sh curve=delayed uri=redis://127.0.0.1:6460 jobs=100000
#   bench/curves.sh curve=dlq uri=redis://127.0.0.1:6460 sizes=10000,100000
#   bench/curves.sh curve=processes uri=redis://127.0.0.1:6460 procs=1,2,4
set -euo pipefail
export JAVA_TOOL_OPTIONS="-Djava.awt.headless=true ${JAVA_TOOL_OPTIONS:-}"
BENCH_MAIN=dev.docket.bench.curves.Curves exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" "$@"
