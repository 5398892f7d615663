#!/usr/bin/env bash
# Lag snapshot benchmark: `warden lag --output json` against Kafka's own
# `kafka-consumer-groups --describe --all-groups`, both as fresh JVMs, on one real KRaft broker holding
# 1,000 topics x 10 partitions and 500 consumer groups on 20 topics each: 100,000 group-partitions. See bench/README.md.
#
# Usage: bench/lag-snapshot.sh [--phases]
#   --phases   afterwards, time the steps of Warden's lag snapshot in one JVM (bench/src/LagPhases.java)
# Each tool runs as it ships: Warden through its ./warden launcher (its JVM flags and class-data archive),
# kafka-consumer-groups with the JVM flags of Kafka's bin/kafka-run-class.sh.
# Settings (environment): RUNS (5), KAFKA_TOOL_JAVA_OPTS (kafka-run-class.sh's defaults),
#   BROKER_JAVA_OPTS (-Xmx2g), TOPICS (1000), PARTITIONS (10), CONSUMER_GROUPS (500), TOPICS_PER_GROUP (20),
#   SETUP_TIMEOUT seconds (900), WARDEN_JAR (a built warden.jar to measure instead of building this tree),
#   WARDEN_ARGS (more arguments for `warden lag`, e.g. --command-config FILE).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
RUNS="${RUNS:-5}"
# KAFKA_HEAP_OPTS and KAFKA_JVM_PERFORMANCE_OPTS as bin/kafka-run-class.sh sets them by default
KAFKA_TOOL_JAVA_OPTS="${KAFKA_TOOL_JAVA_OPTS:--Xmx256M -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true}"
LAUNCHER_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmn32m -Xmx1g -XX:MetaspaceSize=96m"
BROKER_JAVA_OPTS="${BROKER_JAVA_OPTS:--Xmx2g}"
TOPICS="${TOPICS:-1000}"
PARTITIONS="${PARTITIONS:-10}"
CONSUMER_GROUPS="${CONSUMER_GROUPS:-500}"
TOPICS_PER_GROUP="${TOPICS_PER_GROUP:-20}"
SETUP_TIMEOUT="${SETUP_TIMEOUT:-900}"
PHASES=false
for arg in "$@"; do
  case "$arg" in
    --phases) PHASES=true ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "lag-snapshot: unknown argument '$arg' (try --help)" >&2; exit 64 ;;
  esac
done

work="$bench/target/lag-snapshot"
results_dir="$bench/results"
stamp="$(date +%Y%m%d-%H%M%S)"
results="$results_dir/lag-snapshot-$stamp.txt"
rm -rf "$work"
mkdir -p "$work/runs" "$results_dir"

# shellcheck source=bench/lib.sh
source "$bench/lib.sh"
prepare_tools
start_cluster

# ---------------------------------------------------------------- 3. the measured commands
# shellcheck disable=SC2206
warden_cmd=(env WARDEN_JAR="$dist/warden.jar" "$root/warden" lag --bootstrap-server "$bootstrap" --output json ${WARDEN_ARGS:-})
kafka_cmd=(java $KAFKA_TOOL_JAVA_OPTS -cp "$tools_cp" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand
           --bootstrap-server "$bootstrap" --describe --all-groups)

check_warden() { # exit 0..2 are answers (OK, warning, critical); anything else is a failure
  local name="$1"
  [[ "$run_rc" -le 2 ]] || die "warden exited $run_rc in run $name: $(tail -3 "$work/runs/$name.err")"
}
check_kafka() {
  local name="$1"
  [[ "$run_rc" -eq 0 ]] || die "kafka-consumer-groups exited $run_rc in run $name: $(tail -3 "$work/runs/$name.err")"
}

# the floor: a JVM that starts, parses its command line and exits without touching Kafka
version_ms() {
  local best=""
  for v in 1 2 3; do
    run_timed "version-$1-$v" -- "${@:2}"
    if [[ -z "$best" || "$run_ms" -lt "$best" ]]; then best="$run_ms"; fi
  done
  echo "$best"
}
load_before="$(uptime | sed 's/.*load average: //')"
say "warm-up: one unmeasured run of each (broker caches, page cache, Warden's class-data archive) ..."
run_timed warmup-warden -- "${warden_cmd[@]}"; check_warden warmup-warden
run_timed warmup-kafka -- "${kafka_cmd[@]}"; check_kafka warmup-kafka

warden_floor_ms="$(version_ms warden env WARDEN_JAR="$dist/warden.jar" "$root/warden" --version)"
kafka_floor_ms="$(version_ms kafka java $KAFKA_TOOL_JAVA_OPTS -cp "$tools_cp" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --version)"
say "JVM start floor (--version, best of 3): warden ${warden_floor_ms} ms, kafka-consumer-groups ${kafka_floor_ms} ms"


warden_ms=(); warden_kb=(); kafka_ms=(); kafka_kb=()
for i in $(seq "$RUNS"); do
  run_timed "warden-$i" -- "${warden_cmd[@]}"; check_warden "warden-$i"
  warden_ms+=("$run_ms"); warden_kb+=("$run_kb")
  say "run $i/$RUNS  warden lag              ${run_ms} ms  peak RSS $((run_kb / 1024)) MiB  exit $run_rc"
  run_timed "kafka-$i" -- "${kafka_cmd[@]}"; check_kafka "kafka-$i"
  kafka_ms+=("$run_ms"); kafka_kb+=("$run_kb")
  say "run $i/$RUNS  kafka-consumer-groups   ${run_ms} ms  peak RSS $((run_kb / 1024)) MiB"
done

# ---------------------------------------------------------------- 4. both tools saw the same thing?
kafka_summary() { # groups, sum of LAG, rows of one --describe output
  awk '$1 != "GROUP" && NF >= 6 && $3 ~ /^[0-9]+$/ {g[$1] = 1; rows++; if ($6 ~ /^[0-9]+$/) lag += $6}
       END {n = 0; for (k in g) n++; printf "%d %d %d\n", n, lag, rows}' "$1"
}
warden_summary() { # groups, sum of totalLag, partition rows, lagging partitions without lag seconds
  if command -v jq >/dev/null; then
    jq -r '[(.groups | length), ([.groups[].totalLag] | add // 0), ([.groups[].partitions[]] | length),
            ([.groups[].partitions[] | select(.lag > 0 and .lagSeconds == null)] | length)] | @tsv' "$1" | tr '\t' ' '
  elif command -v python3 >/dev/null; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=[x for g in d["groups"] for x in g["partitions"]]
print(len(d["groups"]), sum(g["totalLag"] for g in d["groups"]), len(p), sum(1 for x in p if x["lag"]>0 and x["lagSeconds"] is None))' "$1"
  else
    echo "? ? ? ?"
  fi
}
read -r k_groups k_lag k_rows <<<"$(kafka_summary "$work/runs/kafka-1.out")"
undated_max=0
for i in $(seq "$RUNS"); do
  summary="$(warden_summary "$work/runs/warden-$i.out")" \
      || die "warden's JSON of run $i does not parse: $work/runs/warden-$i.out"
  read -r w_groups w_lag w_rows w_undated <<<"$summary"
  [[ "$w_groups" == "?" ]] && break
  [[ "$w_groups" == "$CONSUMER_GROUPS" ]] || die "warden run $i reported $w_groups groups, expected $CONSUMER_GROUPS"
  [[ "$w_lag" == "$expected_lag" ]] || die "warden run $i reported total lag $w_lag, expected $expected_lag"
  if (( w_undated > undated_max )); then undated_max=$w_undated; fi
done
[[ "$k_groups" == "$CONSUMER_GROUPS" ]] || die "kafka-consumer-groups reported $k_groups groups, expected $CONSUMER_GROUPS"
[[ "$k_lag" == "$expected_lag" ]] || die "kafka-consumer-groups reported total lag $k_lag, expected $expected_lag"

# ---------------------------------------------------------------- 5. summary
read -r w_med w_min w_max <<<"$(stats "${warden_ms[@]}")"
read -r k_med k_min k_max <<<"$(stats "${kafka_ms[@]}")"
read -r _ _ w_rss <<<"$(stats "${warden_kb[@]}")"
read -r _ _ k_rss <<<"$(stats "${kafka_kb[@]}")"
ratio_med="$(awk -v k="$k_med" -v w="$w_med" 'BEGIN {printf "%.2f", k / w}')"
ratio_min="$(awk -v k="$k_min" -v w="$w_min" 'BEGIN {printf "%.2f", k / w}')"
verdict() { if [[ "$1" == 1 ]]; then echo "met"; else echo "NOT met"; fi; }
t_fast="$(awk -v r="$ratio_med" 'BEGIN {print (r >= 20) ? 1 : 0}')"
t_rss=$(( w_rss < 256 * 1024 ? 1 : 0 ))

{
  echo "Warden lag snapshot benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "load       before: $load_before; after: $(uptime | sed 's/.*load average: //') (1, 5, 15 min)"
  echo "machine    $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
  echo "warden     $warden_version, $built_from"
  echo "kafka      one KRaft broker (Apache Kafka 4.3.1, io.warden.embedded.EmbeddedKafka, $BROKER_JAVA_OPTS), same machine"
  echo "data       $TOPICS topics x $PARTITIONS partitions, $records records; $CONSUMER_GROUPS groups with committed offsets on"
  echo "           $committed_partitions partitions, $lagging_groups groups lagging, total lag $expected_lag; no active members"
  echo "commands   warden:  ./warden lag --bootstrap-server B --output json${WARDEN_ARGS:+ $WARDEN_ARGS}"
  echo "                    (the launcher's JVM flags: $LAUNCHER_JAVA_OPTS, class-data archive)"
  echo "           kafka:   java \$KAFKA -cp <kafka-tools 4.3.1> org.apache.kafka.tools.consumer.group.ConsumerGroupCommand"
  echo "                    --bootstrap-server B --describe --all-groups"
  echo "                    (\$KAFKA = kafka-run-class.sh's defaults: $KAFKA_TOOL_JAVA_OPTS)"
  echo "           wall time includes JVM start; peak RSS by $rss_how"
  echo "runs       $RUNS of each, interleaved, after one unmeasured warm-up of each"
  echo "checked    both report $CONSUMER_GROUPS groups and total lag $expected_lag; kafka $k_rows partition rows, warden $w_rows;"
  echo "           warden left up to $undated_max lagging partitions without lag seconds"
  echo
  printf '%-24s %10s %10s %10s %14s\n' "" "median ms" "min ms" "max ms" "peak RSS MiB"
  printf '%-24s %10d %10d %10d %14d\n' "warden lag" "$w_med" "$w_min" "$w_max" "$((w_rss / 1024))"
  printf '%-24s %10d %10d %10d %14d\n' "kafka-consumer-groups" "$k_med" "$k_min" "$k_max" "$((k_rss / 1024))"
  echo
  printf '%-24s %10d %10s %10s %14s\n' "warden --version" "$warden_floor_ms" "" "" "(JVM start floor, best of 3)"
  printf '%-24s %10d %10s %10s %14s\n' "kafka-cg --version" "$kafka_floor_ms" "" "" ""
  echo
  echo "speed-up (kafka / warden)  ${ratio_med}x on medians, ${ratio_min}x on minimums"
  echo
  echo "targets    warden >= 20x faster than kafka-consumer-groups: $(verdict "$t_fast") (${ratio_med}x)"
  echo "           warden under 256 MiB peak RSS:                  $(verdict "$t_rss") ($((w_rss / 1024)) MiB, max over runs)"
  echo
  echo "raw ms     warden ${warden_ms[*]}"
  echo "           kafka  ${kafka_ms[*]}"
} | tee "$results"

if $PHASES; then
  say "timing the steps of warden's lag snapshot in one JVM (bench/src/LagPhases.java) ..."
  # shellcheck disable=SC2086
  { echo; echo "Steps of warden's lag snapshot, timed in one JVM ($LAUNCHER_JAVA_OPTS); the first round is cold:"
    java $LAUNCHER_JAVA_OPTS -cp "$classes:$dist/warden.jar" LagPhases "$bootstrap" 3 2>"$work/phases.err"
  } | tee -a "$results" || say "the phase timing failed; see $work/phases.err"
fi
say "results written to ${results#"$root"/}"
