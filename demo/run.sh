#!/usr/bin/env bash
# Runs the Docket demo: builds the modules it needs (quietly, only when missing or out of date),
# then starts it with plain java. Broker: $DOCKET_BROKER_URI, memory:// when unset.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh
pick_jdk || { echo "demo: needs a JDK 21 or newer; set JAVA_HOME" >&2; exit 1; }
ensure_built demo
exec "$JAVA_HOME/bin/java" -cp "demo/target/classes:$(cat demo/target/classpath.txt)" \
  dev.docket.demo.Demo "$@"
