# Shared by .ci/run, demo/run.sh and bench/run.sh: pick a JDK >= 21 and build a module on demand.
# Source it from the repository root; it defines functions only.

# The feature version of a java binary, e.g. 17 or 25 (0 when it does not run).
java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  v=${v#1.}
  printf '%s\n' "${v:-0}"
}

# Exports JAVA_HOME as a JDK >= 21: the current one if good enough, else the default javac's,
# else one under /usr/lib/jvm (Temurin 25 first). Returns 1 when there is none.
pick_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]] \
    && (( $(java_major "$JAVA_HOME/bin/java") >= 21 )); then
    export JAVA_HOME
    return 0
  fi
  if command -v javac >/dev/null && (( $(java_major java) >= 21 )); then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    export JAVA_HOME
    return 0
  fi
  local dir
  for dir in /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*; do
    if [[ -x "$dir/bin/javac" ]] && (( $(java_major "$dir/bin/java") >= 21 )); then
      export JAVA_HOME="$dir"
      return 0
    fi
  done
  return 1
}

# Builds MODULE and the modules it needs (quietly, only when a source or pom changed since the
# last build), and leaves its runtime class path in MODULE/target/classpath.txt.
ensure_built() {
  local module=$1 classpath="$1/target/classpath.txt"
  if [[ -f $classpath && -d $module/target/classes ]] \
    && [[ -z $(find . -path '*/target' -prune -o -path './.git' -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) -newer "$classpath" \
      -print -quit) ]]; then
    return 0
  fi
  # Maven on JDK 24+ warns about sun.misc.Unsafe on every start; the flag only exists there.
  if (( $(java_major "$JAVA_HOME/bin/java") >= 24 )); then
    export MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  fi
  echo "$module: building it and the modules it needs (the first time takes a few minutes)..." >&2
  # Progress, one line a module, instead of minutes of silence; the whole log on failure.
  local log rc
  log=$(mktemp)
  { mvn -B -ntp -pl "$module" -am package -DskipTests 2>&1; echo $? >"$log.rc"; } \
    | tee "$log" \
    | awk '/\] Building .*\[[0-9]+\/[0-9]+\]/ { sub(/.*\] Building /, "  building "); print; fflush() }' >&2
  rc=$(cat "$log.rc")
  if [[ $rc != 0 ]]; then
    cat "$log" >&2
    echo "$module: the build failed (log above)" >&2
  fi
  rm -f "$log" "$log.rc"
  [[ $rc == 0 ]] || return 1
  # build-classpath leaves an unchanged file alone; mark it fresh for the check above.
  touch "$classpath"
}
