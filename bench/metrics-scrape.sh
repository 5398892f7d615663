#!/usr/bin/env bash
# /metrics scrape benchmark: `warden watch` on one real KRaft broker holding 1,000 topics x 10 partitions
# and 500 consumer groups x 20 topics (100,000 group-partitions), then SCRAPES timed GETs of /metrics,
# as Prometheus makes them, while the daemon keeps cycling. See bench/README.md.
#
# Usage: bench/metrics-scrape.sh
# Settings (environment): SCRAPES (20), SCRAPE_GAP seconds between scrapes (0.5), INTERVAL of the watch
#   cycle (10s), WARM_CYCLES before the first scrape (3: the first cycles cannot date every lag yet),
#   TOPICS (1000), PARTITIONS (10), CONSUMER_GROUPS (500), TOPICS_PER_GROUP (20), WORST_PARTITIONS (5),
#   PARTITION_LAG (a group regex exported in full; none), BROKER_JAVA_OPTS (-Xmx2g),
#   SETUP_TIMEOUT seconds (900), WARDEN_JAR (a built warden.jar to measure instead of building this tree).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
SCRAPES="${SCRAPES:-20}"
SCRAPE_GAP="${SCRAPE_GAP:-0.5}"
INTERVAL="${INTERVAL:-10s}"
WARM_CYCLES="${WARM_CYCLES:-3}"
TOPICS="${TOPICS:-1000}"
PARTITIONS="${PARTITIONS:-10}"
CONSUMER_GROUPS="${CONSUMER_GROUPS:-500}"
TOPICS_PER_GROUP="${TOPICS_PER_GROUP:-20}"
WORST_PARTITIONS="${WORST_PARTITIONS:-5}"
PARTITION_LAG="${PARTITION_LAG:-}"
BROKER_JAVA_OPTS="${BROKER_JAVA_OPTS:--Xmx2g}"
SETUP_TIMEOUT="${SETUP_TIMEOUT:-900}"
case "${1:-}" in
  "") ;;
  -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
  *) echo "metrics-scrape: unknown argument '$1' (try --help)" >&2; exit 64 ;;
esac

work="$bench/target/metrics-scrape"
mkdir -p "$bench/results"
results="$bench/results/metrics-scrape-$(date +%Y%m%d-%H%M%S).txt"
rm -rf "$work" && mkdir -p "$work/scrapes"

# shellcheck source=bench/lib.sh
source "$bench/lib.sh"
prepare_warden
start_cluster
group_partitions="$committed_partitions"

cat >"$work/warden.yaml" <<EOF
cluster: {name: bench, bootstrap-servers: "$bootstrap"}
watch: {interval: $INTERVAL, timeout: 60s}
http: {host: 127.0.0.1, port: 0}
audit: {file: $work/audit.jsonl}
alerts: {silences-file: $work/silences.json}
metrics: {partition-lag: [${PARTITION_LAG:+\"$PARTITION_LAG\"}], worst-partitions: $WORST_PARTITIONS}
EOF
WARDEN_JAR="$dist/warden.jar" "$root/warden" watch --config "$work/warden.yaml" >"$work/watch.out" 2>"$work/watch.err" &
watch_pid=$!
client_pids+=("$watch_pid")
until port="$(sed -n 's|.*metrics on http://localhost:\([0-9]*\)/metrics.*|\1|p' "$work/watch.out" | head -1)" && [[ -n "$port" ]]; do
  kill -0 "$watch_pid" 2>/dev/null || die "warden watch stopped: $(tail -3 "$work/watch.err")"
  sleep 0.5
done
url="http://127.0.0.1:$port/metrics"
say "waiting for the daemon's first $WARM_CYCLES cycles ($url) ..."
cycles_done() { # to a file, not a pipe: grep would end the pipe early and pipefail call it a failed curl
  curl -sf -o "$work/warm.txt" "$url" && awk -v n="$WARM_CYCLES" '/^warden_cycles_total\{/ {c = $2} END {exit !(c >= n)}' "$work/warm.txt"
}
until cycles_done; do
  kill -0 "$watch_pid" 2>/dev/null || die "warden watch stopped: $(tail -3 "$work/watch.err")"
  (( $(date +%s) - setup_start < SETUP_TIMEOUT )) || die "no cycle within $SETUP_TIMEOUT s; see $work/watch.err"
  sleep 1
done

# ---------------------------------------------------------------- the scrapes
ms=()
for i in $(seq "$SCRAPES"); do
  seconds="$(curl -sf -o "$work/scrapes/$i.txt" -w '%{time_total}' "$url")" || die "scrape $i failed"
  ms+=("$(awk -v s="$seconds" 'BEGIN {printf "%d", s * 1000 + 0.5}')")
  sleep "$SCRAPE_GAP"
done
last="$work/scrapes/$SCRAPES.txt"
lines="$(wc -l <"$last")"
bytes="$(wc -c <"$last")"
series="$(grep -vc '^#' "$last")"
partition_series="$(grep -c '^kafka_consumergroup_lag{' "$last" || true)"
cycles="$(awk '/^warden_cycles_total\{/ {printf "%d", $2}' "$last")"
cycle_avg="$(awk '/^warden_cycle_duration_seconds_sum/ {s = $2} /^warden_cycle_duration_seconds_count/ {n = $2}
                  END {if (n > 0) printf "%.2f", s / n; else print "?"}' "$last")"
rss_mib="$(awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$watch_pid/status" 2>/dev/null || echo '?')" # the launcher execs java
read -r med min max <<<"$(stats "${ms[@]}")"

{
  echo "Warden /metrics scrape benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "machine    $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
  echo "warden     $built_from; warden watch, interval $INTERVAL, metrics: worst-partitions $WORST_PARTITIONS,"
  echo "           partition-lag [${PARTITION_LAG}]; after $cycles cycles of $cycle_avg s on average; RSS $rss_mib MiB"
  echo "data       $TOPICS topics x $PARTITIONS partitions; $CONSUMER_GROUPS groups x $TOPICS_PER_GROUP topics:"
  echo "           $group_partitions group-partitions (one KRaft broker, Apache Kafka 4.3.1, $BROKER_JAVA_OPTS)"
  echo "scrapes    $SCRAPES GETs of /metrics with curl, $SCRAPE_GAP s apart, while the daemon cycles"
  echo
  echo "scrape ms  median $med, min $min, max $max"
  echo "size       $lines lines, $bytes bytes, $series series ($partition_series of them kafka_consumergroup_lag)"
  echo
  echo "targets    at most 20,000 series: $([[ "$series" -le 20000 ]] && echo met || echo 'NOT met') ($series)"
  echo "           a scrape under 200 ms:  $([[ "$med" -lt 200 ]] && echo met || echo 'NOT met') (median $med ms, max $max ms)"
  echo
  echo "raw ms     ${ms[*]}"
} | tee "$results"
say "results written to ${results#"$root"/}"
