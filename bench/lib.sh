# shellcheck shell=bash disable=SC2034,SC2154
# (sourced: the variables it reads come from the benchmark, those it sets are the benchmark's to read)
# Shared by the benchmarks: Warden's jar, Kafka's tools, the cluster in a child JVM, timing helpers.
# Sourced, not run. Expects: bench, root, work (this benchmark's scratch dir), BROKER_JAVA_OPTS, TOPICS,
# PARTITIONS, CONSUMER_GROUPS, TOPICS_PER_GROUP, SETUP_TIMEOUT; WARDEN_JAR optional.

say() { printf '[bench] %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# prepare_tools: prepare_warden, then resolves kafka-tools; sets what prepare_warden sets and tools_cp
prepare_tools() {
  prepare_warden
  tools_cp_file="$bench/target/kafka-tools.classpath"
  if [[ ! -s "$tools_cp_file" || "$bench/pom.xml" -nt "$tools_cp_file" ]]; then
    say "resolving the kafka-tools classpath (bench/pom.xml) ..."
    mvn -B -q -f "$bench/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile="$tools_cp_file" >"$work/tools.log" 2>&1 \
        || { tail -20 "$work/tools.log" >&2; die "cannot resolve kafka-tools; see $work/tools.log"; }
  fi
  tools_cp="$(cat "$tools_cp_file")"
}

# prepare_warden: copies the jar to measure into $work/dist (building it when stale) and compiles bench/src
# against it; sets dist, classes, warden_version, built_from
prepare_warden() {
  dist="$work/dist"
  mkdir -p "$dist"
  if [[ -n "${WARDEN_JAR:-}" ]]; then
    [[ -f "$WARDEN_JAR" ]] || die "WARDEN_JAR=$WARDEN_JAR does not exist"
    src_jar="$WARDEN_JAR"
  else
    src_jar="$root/target/warden.jar"
    if [[ ! -f "$src_jar" || -n "$(find "$root/pom.xml" "$root/src/main" -newer "$src_jar" -print -quit 2>/dev/null)" ]]; then
      say "building target/warden.jar ..."
      (cd "$root" && mvn -B -q -Dmaven.test.skip=true package) >"$work/build.log" 2>&1 \
          || { tail -20 "$work/build.log" >&2; die "mvn package failed; see $work/build.log"; }
    fi
  fi
  # the source of the measured jar, read now: the tree may move on during the run
  if [[ -n "${WARDEN_JAR:-}" ]]; then
    built_from="$WARDEN_JAR"
  else
    built_from="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
    if [[ -n "$(git -C "$root" status --porcelain -- src pom.xml 2>/dev/null)" ]]; then built_from+=" + uncommitted changes"; fi
  fi
  # measure a copy, so a rebuild of the tree during the run cannot swap the jar under us
  cp "$src_jar" "$dist/warden.jar"
  cp -r "$(dirname "$src_jar")/lib" "$dist/lib"
  warden_version="$(java -jar "$dist/warden.jar" --version 2>/dev/null | head -1)" || die "$dist/warden.jar does not run"

  classes="$work/classes"
  javac -nowarn -d "$classes" -cp "$dist/warden.jar" "$bench"/src/*.java >"$work/javac.log" 2>&1 \
      || { cat "$work/javac.log" >&2; die "bench/src does not compile against this warden.jar"; }
}

# start_cluster: one KRaft broker loaded with the data (bench/src/LagBenchCluster.java), stopped on exit;
# sets bootstrap, expected_lag, records, committed_partitions, lagging_groups, setup_seconds, setup_start.
# On exit it stops the processes in client_pids (what the benchmark started against the broker), then the broker.
cluster_pid=""
client_pids=()
stop_process() { # PID NAME: TERM, up to 60 s to exit, then KILL
  kill -0 "$1" 2>/dev/null || return 0
  say "stopping $2 (pid $1) ..."
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 120); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$1" 2>/dev/null; then kill -KILL "$1" 2>/dev/null || true; fi
}
cleanup() {
  local rc=$? pid
  for pid in "${client_pids[@]}"; do stop_process "$pid" "a client of the broker"; done
  if [[ -n "$cluster_pid" ]]; then stop_process "$cluster_pid" "the broker"; fi
  local data
  data="$(sed -n 's/.*(data in \(.*\))$/\1/p' "$work/cluster.log" 2>/dev/null | head -1)"
  if [[ -n "$data" && -d "$data" && "$data" == */warden-kafka-* ]]; then rm -rf "$data"; fi
  exit "$rc"
}

start_cluster() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  say "starting one KRaft broker and loading $TOPICS topics x $PARTITIONS partitions, $CONSUMER_GROUPS groups (takes a minute) ..."
  setup_start=$(date +%s)
  # shellcheck disable=SC2086
  java $BROKER_JAVA_OPTS -cp "$classes:$dist/warden.jar" LagBenchCluster \
      "$TOPICS" "$PARTITIONS" "$CONSUMER_GROUPS" "$TOPICS_PER_GROUP" >"$work/cluster.out" 2>"$work/cluster.log" &
  cluster_pid=$!
  ready=""
  while [[ -z "$ready" ]]; do
    if grep -q '^FAILED' "$work/cluster.out" 2>/dev/null || ! kill -0 "$cluster_pid" 2>/dev/null; then
      grep '^\[cluster\]' "$work/cluster.log" >&2 || true
      die "the cluster did not come up; see $work/cluster.log"
    fi
    (( $(date +%s) - setup_start < SETUP_TIMEOUT )) || die "cluster setup took over $SETUP_TIMEOUT s; see $work/cluster.log"
    ready="$(grep '^READY' "$work/cluster.out" 2>/dev/null || true)"
    [[ -n "$ready" ]] || sleep 1
  done
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$ready"; }
  bootstrap="$(field bootstrap)"
  expected_lag="$(field expectedTotalLag)"
  records="$(field records)"
  committed_partitions="$(field committedPartitions)"
  lagging_groups="$(field laggingGroups)"
  setup_seconds=$(( $(date +%s) - setup_start ))
  grep '^\[cluster\]' "$work/cluster.log" >&2 || true
  say "cluster ready at $bootstrap in ${setup_seconds} s: $records records, $committed_partitions committed partitions, $lagging_groups lagging groups, total lag $expected_lag"
}

if /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then rss_how="GNU time (ru_maxrss)"; else rss_how="VmHWM polled every 20 ms"; fi

# run_timed NAME -- CMD...: runs CMD with stdout/stderr in $work/runs/NAME.{out,err};
# sets run_ms (wall, JVM start to exit), run_kb (peak RSS) and run_rc
run_timed() {
  local name="$1"; shift 2
  local out="$work/runs/$name.out" err="$work/runs/$name.err" start end
  start=$(date +%s%N)
  if [[ "$rss_how" == GNU* ]]; then
    run_rc=0
    /usr/bin/time -f '%M' -o "$work/runs/$name.rss" "$@" >"$out" 2>"$err" || run_rc=$?
    run_kb="$(tail -1 "$work/runs/$name.rss")"
  else
    "$@" >"$out" 2>"$err" &
    local pid=$! peak=0 v
    while kill -0 "$pid" 2>/dev/null; do
      v="$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
      if [[ -n "$v" && "$v" -gt "$peak" ]]; then peak="$v"; fi
      sleep 0.02
    done
    run_rc=0; wait "$pid" || run_rc=$?
    run_kb="$peak"
  fi
  end=$(date +%s%N)
  run_ms=$(( (end - start) / 1000000 ))
}

stats() { # median min max of the arguments
  printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                                      printf "%d %d %d\n", m, v[1], v[NR]}'
}
