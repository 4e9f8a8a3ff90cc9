#!/usr/bin/env bash
# Runs the Docket demo: builds the modules it needs (quietly, only when missing or out of date),
# then starts it with plain java. Broker: $DOCKET_BROKER_URI, memory:// when unset; redis://…,
# amqp://…, sqs://… (sqs://elasticmq starts ElasticMQ in the demo's JVM). State store for the
# workflow part: $DOCKET_STORE_URI, or the broker's own Redis.
# --dashboard: also serve the web dashboard (http://127.0.0.1:8080/, $DOCKET_DASHBOARD_PORT) on
# the demo's client, and keep serving after the demo until Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh
pick_jdk || { echo "demo: needs a JDK 21 or newer; set JAVA_HOME" >&2; exit 1; }
ensure_built demo
main=dev.docket.demo.Demo
if [[ ${1:-} == --dashboard ]]; then
  main=dev.docket.demo.DemoDashboard
  shift
fi
# ElasticMQ (sqs://elasticmq) runs on Pekko, which JDK 24+ warns about at every start.
jvm_flags=()
if (( $(java_major "$JAVA_HOME/bin/java") >= 24 )); then
  jvm_flags+=(--sun-misc-unsafe-memory-access=allow)
fi
exec "$JAVA_HOME/bin/java" "${jvm_flags[@]}" -cp "demo/target/classes:$(cat demo/target/classpath.txt)" \
  "$main" "$@"
