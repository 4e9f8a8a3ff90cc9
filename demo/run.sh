#!/usr/bin/env bash
# Runs the Docket demo: builds the modules it needs (quietly, only when missing or out of date),
# then starts it with plain java. Broker: $DOCKET_BROKER_URI, memory:// when unset.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  v=${v#1.}
  printf '%s\n' "${v:-0}"
}

# The default java may be older than 21: fall back to a JDK under /usr/lib/jvm, Temurin 25 first.
if [[ -z "${JAVA_HOME:-}" ]] || (( $(java_major "$JAVA_HOME/bin/java") < 21 )); then
  unset JAVA_HOME
  if command -v java >/dev/null && (( $(java_major java) >= 21 )); then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  else
    for dir in /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*; do
      if [[ -x "$dir/bin/javac" ]] && (( $(java_major "$dir/bin/java") >= 21 )); then
        JAVA_HOME=$dir
        break
      fi
    done
  fi
  [[ -n "${JAVA_HOME:-}" ]] || { echo "demo: needs a JDK 21 or newer; set JAVA_HOME" >&2; exit 1; }
  export JAVA_HOME
fi

classpath=demo/target/classpath.txt
stale() {
  [[ ! -f $classpath || ! -d demo/target/classes ]] && return 0
  [[ -n $(find api broker-inmemory demo -path '*/target' -prune -o \
    \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -newer "$classpath" -print -quit) ]] \
    || [[ pom.xml -nt $classpath ]]
}
if stale; then
  # Maven 3.9 on JDK 24+ warns about sun.misc.Unsafe on every start; the flag only exists there.
  if (( $(java_major "$JAVA_HOME/bin/java") >= 24 )); then
    export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  fi
  echo "demo: building api, broker-inmemory and demo (first run only)..." >&2
  mvn -q -B -ntp -pl demo -am package -DskipTests >&2
  # build-classpath leaves an unchanged file alone; mark it fresh for the check above.
  touch "$classpath"
fi

exec "$JAVA_HOME/bin/java" -cp "demo/target/classes:$(cat "$classpath")" dev.docket.demo.Demo "$@"
