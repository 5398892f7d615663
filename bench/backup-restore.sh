#!/usr/bin/env bash
# Backup and restore throughput: `warden backup create` against Kafka's kafka-consumer-perf-test, and
# `warden restore --execute` against kafka-producer-perf-test --producer-props acks=all, on one real
# KRaft broker, in one run of ROUNDS interleaved rounds. Prints each run, the medians in MB/s and
# records/s with the peak RSS of every tool (median, min-max), the ratios of the medians and the
# backup size vs the data size. Besides the local disk, the backup also goes to object storage:
# s3proxy 2.6.0 (filesystem store, on this host) started by the script,
# `--to s3://bench/... --compression zstd`, and is restored from there.
#
# Usage: bench/backup-restore.sh
# Settings (environment): RECORDS (1048576: 1 GiB of 1 KiB records), RECORD_SIZE (1024),
#   PARTITIONS (12), ROUNDS (6), BROKER_JAVA_OPTS (-Xmx2g), WARDEN_JAR (a built warden.jar instead of this tree).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$bench/.." && pwd)"
RECORDS="${RECORDS:-1048576}"
RECORD_SIZE="${RECORD_SIZE:-1024}"
PARTITIONS="${PARTITIONS:-12}"
ROUNDS="${ROUNDS:-6}"
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
s3proxy_jar="$bench/target/s3proxy-2.6.0-jar-with-dependencies.jar"
if [[ ! -s "$s3proxy_jar" ]]; then
  mvn -B -q -f "$bench/pom.xml" dependency:copy -Dartifact=org.gaul:s3proxy:2.6.0:jar:jar-with-dependencies \
      -DoutputDirectory="$bench/target" >"$work/s3proxy-get.log" 2>&1 || die "cannot resolve s3proxy; see $work/s3proxy-get.log"
fi

cluster_pid=""
s3proxy_pid=""
cleanup() {
  local rc=$?
  if [[ -n "$cluster_pid" ]] && kill -0 "$cluster_pid" 2>/dev/null; then
    kill -TERM "$cluster_pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$cluster_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$cluster_pid" 2>/dev/null || true
  fi
  if [[ -n "$s3proxy_pid" ]] && kill -0 "$s3proxy_pid" 2>/dev/null; then kill -TERM "$s3proxy_pid" 2>/dev/null || true; fi
  rm -rf "$work/backup" "$work/s3"
  exit "$rc"
}
trap cleanup EXIT
# shellcheck disable=SC2086
java $BROKER_JAVA_OPTS -cp "$work/classes:$work/dist/warden.jar" BackupBenchCluster "$PARTITIONS" "$ROUNDS" \
    >"$work/cluster.out" 2>"$work/cluster.log" &
cluster_pid=$!
for _ in $(seq 120); do grep -q '^READY' "$work/cluster.out" 2>/dev/null && break; kill -0 "$cluster_pid" || die "broker died"; sleep 1; done
bootstrap="$(sed -n 's/^READY bootstrap=//p' "$work/cluster.out")"
[[ -n "$bootstrap" ]] || die "the broker did not come up; see $work/cluster.log"
# s3proxy on a free port, its buckets as directories under $work/s3, credentials of this run only (given to
# warden through the environment, as the AWS SDK's default chain finds them)
s3port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/s3/bench"
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "s3proxy.endpoint=http://127.0.0.1:$s3port" "s3proxy.authorization=aws-v2-or-v4" \
    "s3proxy.identity=$AWS_ACCESS_KEY_ID" "s3proxy.credential=$AWS_SECRET_ACCESS_KEY" \
    "jclouds.provider=filesystem" "jclouds.filesystem.basedir=$work/s3" >"$work/s3proxy.conf"
java -Xmx512m -XX:+UseSerialGC -cp "$s3proxy_jar" org.gaul.s3proxy.Main --properties "$work/s3proxy.conf" >"$work/s3proxy.log" 2>&1 &
s3proxy_pid=$!
for _ in $(seq 120); do (exec 3<>"/dev/tcp/127.0.0.1/$s3port") 2>/dev/null && break; kill -0 "$s3proxy_pid" || die "s3proxy died; see $work/s3proxy.log"; sleep 0.5; done
s3=(--s3-endpoint "http://127.0.0.1:$s3port" --s3-path-style --s3-region us-east-1)
bytes=$(( RECORDS * RECORD_SIZE ))
say "broker at $bootstrap; $RECORDS records of $RECORD_SIZE bytes ($(( bytes / 1048576 )) MiB) in $PARTITIONS partitions"

secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", (e - s) / 1e9 }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", n / t }'; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# rotate N A B C: the words turned left by N-1
rotate() { local n=$(( ($1 - 1) % ($# - 1) )); shift; local w=("$@"); echo "${w[@]:n}" "${w[@]:0:n}"; }
# peak RSS as bench/lag-snapshot.sh takes it: GNU time's ru_maxrss, else VmHWM polled every 20 ms
if /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then rss_how="GNU time (ru_maxrss)"; else rss_how="VmHWM polled every 20 ms"; fi
# timed OUT ERR COMMAND...: runs COMMAND with its output in OUT and ERR (may be the same file); prints
# its wall time in seconds and its peak RSS in KiB
timed() {
  local out=$1 err=$2 t0 kb=0 rc=0; shift 2; t0=$(date +%s%N)
  exec 3>"$out"
  if [[ "$out" == "$err" ]]; then exec 4>&3; else exec 4>"$err"; fi
  if [[ "$rss_how" == GNU* ]]; then
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >&3 2>&4 || rc=$?
    kb="$(tail -1 "$work/rss")"
  else
    "$@" >&3 2>&4 &
    local pid=$! v
    while kill -0 "$pid" 2>/dev/null; do
      v="$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
      if [[ -n "$v" && "$v" -gt "$kb" ]]; then kb="$v"; fi
      sleep 0.02
    done
    wait "$pid" || rc=$?
  fi
  exec 3>&- 4>&-
  [[ "$rc" -eq 0 ]] || return 1
  echo "$(secs "$t0" "$(date +%s%N)") $kb"
}

# Each round: the producer perf test (acks=all) writes RECORDS into a fresh topic (round 1: `bench`, the
# data every backup copies), the consumer perf test reads `bench`, warden backs it up, warden restores
# the backup into a fresh topic. Interleaved, so a slower machine or a fuller broker later in the run
# weighs on both tools alike; the medians are compared.
produce_runs=""; consume_runs=""; backup_runs=""; zstd_runs=""; s3_runs=""; restore_runs=""; s3_restore_runs=""
produce_kb=""; consume_kb=""; backup_kb=""; zstd_kb=""; s3_kb=""; restore_kb=""; s3_restore_kb=""
for round in $(seq "$ROUNDS"); do
  topic=bench; [[ "$round" -gt 1 ]] && topic="bench.perf.$round"
  # shellcheck disable=SC2086
  t=$(timed "$work/produce.out" "$work/produce.out" java $KAFKA_TOOL_JAVA_OPTS -cp "$tools_cp" org.apache.kafka.tools.ProducerPerformance \
      --topic "$topic" --num-records "$RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
      --producer-props acks=all bootstrap.servers="$bootstrap" linger.ms=5 batch.size=262144) \
      || die "producer perf test failed: $(tail -3 "$work/produce.out")"
  produce_runs+=" ${t% *}"; produce_kb+=" ${t#* }"; t=${t% *}
  # the four readers of `bench` in a rotated order: the first after the produce meets the disk still
  # writing it back, so each takes that place in turn
  for step in $(rotate "$round" consume backup zstd s3); do
    case $step in
    consume)
      # shellcheck disable=SC2086
      t=$(timed "$work/consume.out" "$work/consume.out" java $KAFKA_TOOL_JAVA_OPTS -cp "$tools_cp" org.apache.kafka.tools.ConsumerPerformance \
          --topic bench --messages "$RECORDS" --bootstrap-server "$bootstrap" --timeout 60000) \
          || die "consumer perf test failed: $(tail -3 "$work/consume.out")"
      consume_runs+=" ${t% *}"; consume_kb+=" ${t#* }"; t=${t% *}
      ;;
    backup)
      if [[ "$round" -eq 1 ]]; then
        # The launcher makes its class-data archive on its first run (once per install, dumped at exit,
        # seconds): an unmeasured warm-up, as bench/lag-snapshot.sh also leaves out
        WARDEN_JAR="$work/dist/warden.jar" "$root/warden" backup create -b "$bootstrap" --topics bench --to "$work/warm-up" \
            --max-records 1 >"$work/warm-up.out" 2>&1 || die "warden warm-up failed: $(tail -3 "$work/warm-up.out")"
        rm -rf "$work/warm-up"
      fi
      rm -rf "$work/backup"
      t=$(timed "$work/backup.out" "$work/backup.err" env WARDEN_JAR="$work/dist/warden.jar" "$root/warden" backup create \
          -b "$bootstrap" --topics bench --to "$work/backup") || die "warden backup failed: $(tail -3 "$work/backup.err")"
      backup_runs+=" ${t% *}"; backup_kb+=" ${t#* }"; t=${t% *}
      ;;
    zstd)
      rm -rf "$work/backup-zstd"
      t=$(timed "$work/backup-zstd.out" "$work/backup-zstd.err" env WARDEN_JAR="$work/dist/warden.jar" "$root/warden" backup create \
          -b "$bootstrap" --topics bench --to "$work/backup-zstd" --compression zstd) || die "warden backup --compression zstd failed: $(tail -3 "$work/backup-zstd.err")"
      zstd_runs+=" ${t% *}"; zstd_kb+=" ${t#* }"; t=${t% *}
      ;;
    s3)
      rm -rf "$work/s3/bench/backup"
      t=$(timed "$work/backup-s3.out" "$work/backup-s3.err" env WARDEN_JAR="$work/dist/warden.jar" "$root/warden" backup create \
          -b "$bootstrap" --topics bench --to s3://bench/backup --compression zstd "${s3[@]}") \
          || die "warden backup to s3 failed: $(tail -3 "$work/backup-s3.err")"
      s3_runs+=" ${t% *}"; s3_kb+=" ${t#* }"; t=${t% *}
      ;;
    esac
  done
  t=$(timed "$work/restore.out" "$work/restore.err" env WARDEN_JAR="$work/dist/warden.jar" "$root/warden" restore "$work/backup" \
      -b "$bootstrap" --rename "bench=restored.$round" --execute) || die "warden restore failed: $(tail -3 "$work/restore.err")"
  restore_runs+=" ${t% *}"; restore_kb+=" ${t#* }"; t=${t% *}
  t=$(timed "$work/restore-s3.out" "$work/restore-s3.err" env WARDEN_JAR="$work/dist/warden.jar" "$root/warden" restore s3://bench/backup \
      "${s3[@]}" -b "$bootstrap" --rename "bench=restored-s3.$round" --execute) || die "warden restore from s3 failed: $(tail -3 "$work/restore-s3.err")"
  s3_restore_runs+=" ${t% *}"; s3_restore_kb+=" ${t#* }"; t=${t% *}
  say "round $round/$ROUNDS: producer-perf $(echo $produce_runs | awk '{print $NF}') s, consumer-perf $(echo $consume_runs | awk '{print $NF}') s, backup $(echo $backup_runs | awk '{print $NF}') s, backup zstd $(echo $zstd_runs | awk '{print $NF}') s, backup s3 $(echo $s3_runs | awk '{print $NF}') s, restore $(echo $restore_runs | awk '{print $NF}') s, $(( ${restore_kb##* } / 1024 )) MiB peak RSS (producer-perf $(( ${produce_kb##* } / 1024 )) MiB), restore s3 $t s"
done
backup_bytes=$(du -sb "$work/backup" | cut -f1)
zstd_bytes=$(du -sb "$work/backup-zstd" | cut -f1)
s3_bytes=$(du -sb "$work/s3/bench/backup" | cut -f1)
produce_s=$(echo "$produce_runs" | median); consume_s=$(echo "$consume_runs" | median)
backup_s=$(echo "$backup_runs" | median); zstd_s=$(echo "$zstd_runs" | median); restore_s=$(echo "$restore_runs" | median)
s3_s=$(echo "$s3_runs" | median); s3_restore_s=$(echo "$s3_restore_runs" | median)
# peak RSS in MiB: median, min-max over the rounds
mib() { awk '{ printf "%d", $1 / 1024 }'; }
rss() { local l; l=$(echo "$1" | tr ' ' '\n' | grep . | sort -g); printf '%s (%s-%s)' "$(echo "$1" | median | mib)" "$(head -1 <<<"$l" | mib)" "$(tail -1 <<<"$l" | mib)"; }

mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
{
  echo "Backup and restore throughput, $(date -u +%Y-%m-%dT%H:%M:%SZ), warden $(git -C "$root" rev-parse --short HEAD 2>/dev/null)"
  echo "$RECORDS records x $RECORD_SIZE B = $mb MiB in $PARTITIONS partitions, one KRaft broker, $ROUNDS interleaved rounds;"
  echo "whole-command wall time incl. JVM start, median of the rounds (each run in seconds in brackets);"
  echo "peak RSS by $rss_how, MiB: median (min-max)"
  printf '%-40s %8s s %9s MB/s %11s rec/s %20s MiB  [%s ]\n' "kafka-consumer-perf-test" "$consume_s" "$(rate "$mb" "$consume_s")" "$(rate "$RECORDS" "$consume_s")" "$(rss "$consume_kb")" "$consume_runs"
  printf '%-40s %8s s %9s MB/s %11s rec/s %20s MiB  [%s ]\n' "warden backup create" "$backup_s" "$(rate "$mb" "$backup_s")" "$(rate "$RECORDS" "$backup_s")" "$(rss "$backup_kb")" "$backup_runs"
  printf '%-40s %8s s %9s MB/s %11s rec/s %20s MiB  [%s ]\n' "warden backup create --compression zstd" "$zstd_s" "$(rate "$mb" "$zstd_s")" "$(rate "$RECORDS" "$zstd_s")" "$(rss "$zstd_kb")" "$zstd_runs"
  printf '%-40s %8s s %9s MB/s %11s rec/s %20s MiB  [%s ]\n' "warden backup create --to s3:// (zstd)" "$s3_s" "$(rate "$mb" "$s3_s")" "$(rate "$RECORDS" "$s3_s")" "$(rss "$s3_kb")" "$s3_runs"
  printf '%-40s %8s s %9s MB/s %11s rec/s %20s MiB  [%s ]\n' "kafka-producer-perf-test acks=all" "$produce_s" "$(rate "$mb" "$produce_s")" "$(rate "$RECORDS" "$produce_s")" "$(rss "$produce_kb")" "$produce_runs"
  printf '%-40s %8s s %9s MB/s %11s rec/s %20s MiB  [%s ]\n' "warden restore --execute" "$restore_s" "$(rate "$mb" "$restore_s")" "$(rate "$RECORDS" "$restore_s")" "$(rss "$restore_kb")" "$restore_runs"
  printf '%-40s %8s s %9s MB/s %11s rec/s %20s MiB  [%s ]\n' "warden restore s3:// --execute" "$s3_restore_s" "$(rate "$mb" "$s3_restore_s")" "$(rate "$RECORDS" "$s3_restore_s")" "$(rss "$s3_restore_kb")" "$s3_restore_runs"
  echo "backup / consumer-perf-test throughput: $(awk -v a="$consume_s" -v b="$backup_s" 'BEGIN { printf "%.0f%%", 100 * a / b }') (target >= 90%; lz4, the default)"
  echo "backup --compression zstd / consumer-perf-test throughput: $(awk -v a="$consume_s" -v b="$zstd_s" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
  echo "backup to s3 (zstd) / consumer-perf-test throughput: $(awk -v a="$consume_s" -v b="$s3_s" 'BEGIN { printf "%.0f%%", 100 * a / b }') (s3proxy on this host, $(( s3_bytes / 1048576 )) MiB stored)"
  echo "restore / producer-perf-test throughput: $(awk -v a="$produce_s" -v b="$restore_s" 'BEGIN { printf "%.0f%%", 100 * a / b }') (target >= 90%),\
 peak RSS: $(awk -v r="$(echo "$restore_kb" | median)" -v p="$(echo "$produce_kb" | median)" 'BEGIN { printf "%.0f%%", 100 * r / p }') (target <= 100%)"
  echo "restore from s3 / producer-perf-test throughput: $(awk -v a="$produce_s" -v b="$s3_restore_s" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
  echo "backup / consumer-perf-test peak RSS: $(awk -v b="$(echo "$backup_kb" | median)" -v c="$(echo "$consume_kb" | median)" 'BEGIN { printf "%.0f%%", 100 * b / c }')"
  echo "backup size: lz4 $(( backup_bytes / 1048576 )) MiB, zstd $(( zstd_bytes / 1048576 )) MiB for $mb MiB of records ($(awk -v a="$backup_bytes" -v z="$zstd_bytes" -v b="$bytes" 'BEGIN { printf "%.0f%% and %.0f%%", 100 * a / b, 100 * z / b }'); perf-test payloads are random letters without repeats: only zstd's entropy coding packs them)"
} | tee "$results"
say "written to $results"
