#!/usr/bin/env bash
# Watch cycle benchmark: the `warden watch` daemon on one real KRaft broker holding 1,000 topics x 10
# partitions and 500 consumer groups on 20 topics each (100,000 group-partitions, all of them lagging or
# caught up as in lag-snapshot.sh), or with --size 1m 10,000 groups on 10 topics each (1,000,000).
# See bench/README.md.
#
# Usage: bench/watch-cycle.sh [--size 100k|1m]
# Starts the daemon RUNS times and lets each run CYCLES cycles. Reports, from the daemon's own cycle
# line, the first cycle and the warm ones (median, min-max), the CPU the process spent per warm cycle,
# the peak RSS (VmHWM) and the live heap after the last cycle (a class histogram, which collects first).
# Kafka has no daemon to compare with; lag-snapshot.sh compares one-shot lag with its tool.
# Settings (environment): RUNS (3), CYCLES (8, or 4 with --size 1m), INTERVAL (10s, or 30s with --size 1m),
#   RUN_TIMEOUT seconds per run (600, or 1800 with --size 1m), BROKER_JAVA_OPTS (-Xmx2g),
#   TOPICS (1000), PARTITIONS (10), CONSUMER_GROUPS and TOPICS_PER_GROUP (by --size),
#   SETUP_TIMEOUT seconds (900, or 3600 with --size 1m), WARDEN_JAR (a built warden.jar to measure),
#   WARDEN_JAVA_OPTS (JVM flags instead of the launcher's), WARDEN_ARGS (more arguments for `warden watch`),
#   BASELINE_JAR (another warden.jar, run after each run of this one, e.g. the last release's) and
#   BASELINE_JAVA_OPTS (its JVM flags, e.g. the launcher's of that release).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
SIZE=100k
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="${2:-}"; shift 2 ;;
    --size=*) SIZE="${1#--size=}"; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "watch-cycle: unknown argument '$1' (try --help)" >&2; exit 64 ;;
  esac
done
case "$SIZE" in
  100k) groups_default=500; per_group_default=20; cycles_default=8; interval_default=10s; run_timeout_default=600; setup_default=900 ;;
  1m) groups_default=10000; per_group_default=10; cycles_default=4; interval_default=30s; run_timeout_default=1800; setup_default=3600 ;;
  *) echo "watch-cycle: --size is 100k or 1m, not '$SIZE'" >&2; exit 64 ;;
esac
RUNS="${RUNS:-3}"
CYCLES="${CYCLES:-$cycles_default}"
INTERVAL="${INTERVAL:-$interval_default}"
RUN_TIMEOUT="${RUN_TIMEOUT:-$run_timeout_default}"
BROKER_JAVA_OPTS="${BROKER_JAVA_OPTS:--Xmx2g}"
TOPICS="${TOPICS:-1000}"
PARTITIONS="${PARTITIONS:-10}"
CONSUMER_GROUPS="${CONSUMER_GROUPS:-$groups_default}"
TOPICS_PER_GROUP="${TOPICS_PER_GROUP:-$per_group_default}"
SETUP_TIMEOUT="${SETUP_TIMEOUT:-$setup_default}"
(( CYCLES >= 2 )) || { echo "watch-cycle: CYCLES must be at least 2 (a first and a warm cycle)" >&2; exit 64; }

work="$bench/target/watch-cycle"
results_dir="$bench/results"
results="$results_dir/watch-cycle-$SIZE-$(date +%Y%m%d-%H%M%S).txt"
rm -rf "$work"
mkdir -p "$work/runs" "$results_dir"

# shellcheck source=bench/lib.sh
source "$bench/lib.sh"
prepare_tools
start_cluster
group_partitions="$committed_partitions"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
cycle_ms() { awk '/ cycle [0-9]+ ms:/ {print $3}' "$1"; }

# watch_run I JAR JAVA_OPTS KIND: one daemon of JAR until CYCLES cycles are done; appends to the arrays
# KIND_first, KIND_warm (ms), KIND_cpu (ms per warm cycle), KIND_rss, KIND_heap (KiB)
watch_run() {
  local i="$1" jar="$2" opts="$3" kind="$4" dir="$work/runs/$4-$1" pid start done=0 cpu_first="" cpu_last hz
  local -n first="${kind}_first" warm="${kind}_warm" cpu="${kind}_cpu" rss="${kind}_rss" heap="${kind}_heap"
  hz="$(getconf CLK_TCK)"
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  (cd "$dir" && exec env WARDEN_JAR="$jar" ${opts:+"WARDEN_JAVA_OPTS=$opts"} "$root/warden" watch \
      --bootstrap-server "$bootstrap" --interval "$INTERVAL" --http-port 0 ${WARDEN_ARGS:-}) >"$dir/out" 2>"$dir/err" &
  pid=$!
  start=$(date +%s)
  while (( done < CYCLES )); do
    kill -0 "$pid" 2>/dev/null || die "warden watch exited in run $kind-$i: $(tail -3 "$dir/err")"
    (( $(date +%s) - start < RUN_TIMEOUT )) || { kill -KILL "$pid"; die "run $kind-$i did not finish $CYCLES cycles in $RUN_TIMEOUT s"; }
    done="$(cycle_ms "$dir/out" | wc -l)"
    # the process's CPU from the end of the first cycle on: what the warm cycles cost, whatever the load
    if [[ -z "$cpu_first" && "$done" -ge 1 ]]; then cpu_first="$(cpu_ticks "$pid")"; fi
    sleep 0.2
  done
  cpu_last="$(cpu_ticks "$pid")"
  rss+=("$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")")
  heap+=("$(jcmd "$pid" GC.class_histogram 2>/dev/null | awk '$1 == "Total" {printf "%d", $3 / 1024}')")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  mapfile -t ms < <(cycle_ms "$dir/out" | head -"$CYCLES")
  first+=("${ms[0]}")
  warm+=("${ms[@]:1}")
  cpu+=("$(( (cpu_last - cpu_first) * 1000 / hz / (CYCLES - 1) ))")
  say "run $i/$RUNS $kind  cycles (ms) ${ms[*]}  peak RSS $(( ${rss[-1]} / 1024 )) MiB  live heap $(( ${heap[-1]:-0} / 1024 )) MiB"
}

# table KIND LABEL: the rows of one build
table() {
  local -n first="${1}_first" warm="${1}_warm" cpu="${1}_cpu" rss="${1}_rss" heap="${1}_heap"
  local f w c r h
  read -r -a f <<<"$(stats "${first[@]}")"; read -r -a w <<<"$(stats "${warm[@]}")"
  read -r -a c <<<"$(stats "${cpu[@]}")"; read -r -a r <<<"$(stats "${rss[@]}")"; read -r -a h <<<"$(stats "${heap[@]}")"
  echo "$2"
  printf '  %-34s %10d %10d %10d\n' "first cycle, ms" "${f[@]}"
  printf '  %-34s %10d %10d %10d\n' "warm cycle, ms (all runs)" "${w[@]}"
  printf '  %-34s %10d %10d %10d\n' "process CPU per warm cycle, ms" "${c[@]}"
  printf '  %-34s %10d %10d %10d\n' "peak RSS, MiB" "$(mib "${r[0]}")" "$(mib "${r[1]}")" "$(mib "${r[2]}")"
  printf '  %-34s %10d %10d %10d\n' "live heap after last cycle, MiB" "$(mib "${h[0]}")" "$(mib "${h[1]}")" "$(mib "${h[2]}")"
  printf '  %-34s %10d\n' "live heap per group-partition, B" "$(( h[0] * 1024 / (group_partitions > 0 ? group_partitions : 1) ))"
}
mib() { echo $(( $1 / 1024 )); }

load_before="$(uptime | sed 's/.*load average: //')"
new_first=(); new_warm=(); new_cpu=(); new_rss=(); new_heap=()
base_first=(); base_warm=(); base_cpu=(); base_rss=(); base_heap=()
for i in $(seq "$RUNS"); do
  watch_run "$i" "$dist/warden.jar" "${WARDEN_JAVA_OPTS:-}" new
  if [[ -n "${BASELINE_JAR:-}" ]]; then watch_run "$i" "$BASELINE_JAR" "${BASELINE_JAVA_OPTS:-}" base; fi
done

read -r f_med f_min f_max <<<"$(stats "${new_first[@]}")"
read -r w_med w_min w_max <<<"$(stats "${new_warm[@]}")"
read -r _ _ r_max <<<"$(stats "${new_rss[@]}")"
interval_s="$(sed -n 's/^\([0-9]*\)s$/\1/p' <<<"$INTERVAL")"
verdict() { if [[ "$1" == 1 ]]; then echo "met"; else echo "NOT met"; fi; }

{
  echo "Warden watch cycle benchmark ($SIZE), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "machine    $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
  echo "load       before: $load_before; after: $(uptime | sed 's/.*load average: //') (1, 5, 15 min)"
  echo "warden     $warden_version, $built_from"
  echo "kafka      one KRaft broker (Apache Kafka 4.3.1, io.warden.embedded.EmbeddedKafka, $BROKER_JAVA_OPTS), same machine"
  echo "data       $TOPICS topics x $PARTITIONS partitions, $records records; $CONSUMER_GROUPS groups with committed offsets on"
  echo "           $group_partitions group-partitions, $lagging_groups groups lagging, total lag $expected_lag; no active members"
  echo "command    ./warden watch --bootstrap-server B --interval $INTERVAL --http-port 0${WARDEN_ARGS:+ $WARDEN_ARGS}"
  echo "           (the launcher's JVM flags for watch${WARDEN_JAVA_OPTS:+; WARDEN_JAVA_OPTS=$WARDEN_JAVA_OPTS})"
  echo "runs       $RUNS daemons, $CYCLES cycles each; cycle time from the daemon's cycle line (probe, snapshot, checks)"
  echo
  printf '  %-34s %10s %10s %10s\n' "" "median" "min" "max"
  table new "this build"
  if [[ -n "${BASELINE_JAR:-}" ]]; then
    table base "baseline: $BASELINE_JAR${BASELINE_JAVA_OPTS:+ with $BASELINE_JAVA_OPTS} (run after each of this build's)"
  fi
  echo
  if [[ "$SIZE" == 100k ]]; then
    echo "targets    warm cycle under 1 s:    $(verdict $(( w_med < 1000 ? 1 : 0 ))) (median ${w_med} ms)"
    echo "           peak RSS under 512 MiB:  $(verdict $(( r_max < 512 * 1024 ? 1 : 0 ))) ($(mib "$r_max") MiB, max over runs)"
  elif [[ -n "$interval_s" ]]; then
    echo "targets    every cycle within the ${INTERVAL} interval: $(verdict $(( f_max < interval_s * 1000 && w_max < interval_s * 1000 ? 1 : 0 ))) (slowest $(( f_max > w_max ? f_max : w_max )) ms)"
  fi
  echo
  echo "raw ms     first ${new_first[*]}"
  echo "           warm  ${new_warm[*]}"
  if [[ -n "${BASELINE_JAR:-}" ]]; then echo "baseline   first ${base_first[*]}"; echo "           warm  ${base_warm[*]}"; fi
} | tee "$results"
say "results written to ${results#"$root"/}"
