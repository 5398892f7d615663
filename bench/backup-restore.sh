#!/usr/bin/env bash
# Backup and restore throughput: `warden backup create` against Kafka's kafka-consumer-perf-test, and
# `warden restore --execute` against kafka-producer-perf-test --producer-props acks=all, on one real
# KRaft broker, in one run. Prints MB/s, records/s, the ratios and the backup size vs the data size.
#
# Usage: bench/backup-restore.sh
# Settings (environment): RECORDS (1048576: 1 GiB of 1 KiB records), RECORD_SIZE (1024),
#   PARTITIONS (12), BROKER_JAVA_OPTS (-Xmx2g), WARDEN_JAR (a built warden.jar instead of this tree).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
RECORDS="${RECORDS:-1048576}"
RECORD_SIZE="${RECORD_SIZE:-1024}"
PARTITIONS="${PARTITIONS:-12}"
BROKER_JAVA_OPTS="${BROKER_JAVA_OPTS:--Xmx2g}"
KAFKA_TOOL_JAVA_OPTS="-Xmx512M -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -Djava.awt.headless=true"
work="$bench/target/backup-restore"
results_dir="$bench/results"
results="$results_dir/backup-restore-$(date +%Y%m%d-%H%M%S).txt"
rm -rf "$work"; mkdir -p "$work" "$results_dir"
say() { printf '[bench] %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

src_jar="${WARDEN_JAR:-$root/target/warden.jar}"
if [[ -z "${WARDEN_JAR:-}" && ( ! -f "$src_jar" || -n "$(find "$root/pom.xml" "$root/src/main" -newer "$src_jar" -print -quit)" ) ]]; then
  say "building target/warden.jar ..."
  (cd "$root" && mvn -B -q -Dmaven.test.skip=true package) >"$work/build.log" 2>&1 || die "mvn package failed; see $work/build.log"
fi
mkdir -p "$work/dist"; cp "$src_jar" "$work/dist/warden.jar"; cp -r "$(dirname "$src_jar")/lib" "$work/dist/lib"
javac -nowarn -d "$work/classes" -cp "$work/dist/warden.jar" "$bench"/src/BackupBenchCluster.java || die "bench/src does not compile"
tools_cp_file="$bench/target/kafka-tools.classpath"
if [[ ! -s "$tools_cp_file" || "$bench/pom.xml" -nt "$tools_cp_file" ]]; then
  mvn -B -q -f "$bench/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$tools_cp_file" \
      >"$work/tools.log" 2>&1 || die "cannot resolve kafka-tools; see $work/tools.log"
fi
tools_cp="$(cat "$tools_cp_file")"

cluster_pid=""
cleanup() {
  local rc=$?
  if [[ -n "$cluster_pid" ]] && kill -0 "$cluster_pid" 2>/dev/null; then
    kill -TERM "$cluster_pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$cluster_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$cluster_pid" 2>/dev/null || true
  fi
  rm -rf "$work/backup"
  exit "$rc"
}
trap cleanup EXIT
# shellcheck disable=SC2086
java $BROKER_JAVA_OPTS -cp "$work/classes:$work/dist/warden.jar" BackupBenchCluster "$PARTITIONS" \
    >"$work/cluster.out" 2>"$work/cluster.log" &
cluster_pid=$!
for _ in $(seq 120); do grep -q '^READY' "$work/cluster.out" 2>/dev/null && break; kill -0 "$cluster_pid" || die "broker died"; sleep 1; done
bootstrap="$(sed -n 's/^READY bootstrap=//p' "$work/cluster.out")"
[[ -n "$bootstrap" ]] || die "the broker did not come up; see $work/cluster.log"
bytes=$(( RECORDS * RECORD_SIZE ))
say "broker at $bootstrap; $RECORDS records of $RECORD_SIZE bytes ($(( bytes / 1048576 )) MiB) in $PARTITIONS partitions"

secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", (e - s) / 1e9 }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", n / t }'; }

# 1. produce with Kafka's perf test (acks=all): the data, and the baseline for restore
t0=$(date +%s%N)
# shellcheck disable=SC2086
java $KAFKA_TOOL_JAVA_OPTS -cp "$tools_cp" org.apache.kafka.tools.ProducerPerformance --topic bench \
    --num-records "$RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
    --producer-props acks=all bootstrap.servers="$bootstrap" linger.ms=5 batch.size=262144 >"$work/produce.out" 2>&1 \
    || die "producer perf test failed: $(tail -3 "$work/produce.out")"
produce_s=$(secs "$t0" "$(date +%s%N)")
# 2. consume with Kafka's perf test: the baseline for backup
t0=$(date +%s%N)
# shellcheck disable=SC2086
java $KAFKA_TOOL_JAVA_OPTS -cp "$tools_cp" org.apache.kafka.tools.ConsumerPerformance --topic bench \
    --messages "$RECORDS" --bootstrap-server "$bootstrap" --timeout 60000 >"$work/consume.out" 2>&1 \
    || die "consumer perf test failed: $(tail -3 "$work/consume.out")"
consume_s=$(secs "$t0" "$(date +%s%N)")
# 3. warden backup create, after an unmeasured warm-up: the launcher makes its class-data archive on its
#    first run (once per install, dumped at exit, seconds), as bench/lag-snapshot.sh also leaves out
WARDEN_JAR="$work/dist/warden.jar" "$root/warden" backup create -b "$bootstrap" --topics bench --to "$work/warm-up" \
    --max-records 1 >"$work/warm-up.out" 2>&1 || die "warden warm-up failed: $(tail -3 "$work/warm-up.out")"
rm -rf "$work/warm-up"
t0=$(date +%s%N)
WARDEN_JAR="$work/dist/warden.jar" "$root/warden" backup create -b "$bootstrap" --topics bench --to "$work/backup" \
    >"$work/backup.out" 2>"$work/backup.err" || die "warden backup failed: $(tail -3 "$work/backup.err")"
backup_s=$(secs "$t0" "$(date +%s%N)")
backup_bytes=$(du -sb "$work/backup" | cut -f1)
# 4. warden restore into another topic of the same broker
t0=$(date +%s%N)
WARDEN_JAR="$work/dist/warden.jar" "$root/warden" restore "$work/backup" -b "$bootstrap" --rename bench=restored --execute \
    >"$work/restore.out" 2>"$work/restore.err" || die "warden restore failed: $(tail -3 "$work/restore.err")"
restore_s=$(secs "$t0" "$(date +%s%N)")

mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
{
  echo "Backup and restore throughput, $(date -u +%Y-%m-%dT%H:%M:%SZ), warden $(git -C "$root" rev-parse --short HEAD 2>/dev/null)"
  echo "$RECORDS records x $RECORD_SIZE B = $mb MiB in $PARTITIONS partitions, one KRaft broker; whole-command wall time incl. JVM start"
  printf '%-40s %8s s %9s MB/s %11s rec/s\n' "kafka-consumer-perf-test" "$consume_s" "$(rate "$mb" "$consume_s")" "$(rate "$RECORDS" "$consume_s")"
  printf '%-40s %8s s %9s MB/s %11s rec/s\n' "warden backup create" "$backup_s" "$(rate "$mb" "$backup_s")" "$(rate "$RECORDS" "$backup_s")"
  printf '%-40s %8s s %9s MB/s %11s rec/s\n' "kafka-producer-perf-test acks=all" "$produce_s" "$(rate "$mb" "$produce_s")" "$(rate "$RECORDS" "$produce_s")"
  printf '%-40s %8s s %9s MB/s %11s rec/s\n' "warden restore --execute" "$restore_s" "$(rate "$mb" "$restore_s")" "$(rate "$RECORDS" "$restore_s")"
  echo "backup / consumer-perf-test throughput: $(awk -v a="$consume_s" -v b="$backup_s" 'BEGIN { printf "%.0f%%", 100 * a / b }') (target >= 90%)"
  echo "restore / producer-perf-test throughput: $(awk -v a="$produce_s" -v b="$restore_s" 'BEGIN { printf "%.0f%%", 100 * a / b }') (target >= 90%)"
  echo "backup size: $(( backup_bytes / 1048576 )) MiB for $mb MiB of records ($(awk -v a="$backup_bytes" -v b="$bytes" 'BEGIN { printf "%.0f%%", 100 * a / b }'); perf-test payloads are random letters, zstd packs them)"
} | tee "$results"
say "written to $results"
