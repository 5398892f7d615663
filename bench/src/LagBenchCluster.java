import io.warden.embedded.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The cluster for bench/lag-snapshot.sh: one real KRaft broker (Warden's EmbeddedKafka) holding
 * many topics with some records each, and many consumer groups with committed offsets, half of
 * them caught up and half lagging. Prints one line {@code READY bootstrap=... } when the data is in
 * place, then serves until it is sent SIGTERM or the process that started it goes away.
 *
 * <p>Usage: {@code LagBenchCluster TOPICS PARTITIONS GROUPS TOPICS_PER_GROUP}
 */
public final class LagBenchCluster {

    private static final int TOPICS_PER_CREATE = 100;
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);

    public static void main(String[] args) throws Exception {
        int topics = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int groups = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int topicsPerGroup = args.length > 3 ? Integer.parseInt(args[3]) : 2;

        long t0 = System.nanoTime();
        Map<String, String> overrides = new HashMap<>();
        // 10,000 partitions on one broker: keep per-partition memory and files small
        overrides.put("log.index.size.max.bytes", Integer.toString(64 * 1024));
        overrides.put("log.segment.bytes", Integer.toString(8 * 1024 * 1024));
        overrides.put("num.partitions", "1");
        EmbeddedKafka kafka = EmbeddedKafka.start(1, overrides);
        Path dataDir = kafka.dataDir();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "bench-cluster-shutdown"));
        watchParent(stop);
        String bootstrap = kafka.bootstrapServers();
        log("broker up at %s in %.1f s (data in %s)", bootstrap, secondsSince(t0), dataDir);

        try {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap,
                    "request.timeout.ms", 120_000, "default.api.timeout.ms", 180_000))) {
                List<String> names = createTopics(admin, topics, partitions);
                log("created %d topics x %d partitions in %.1f s", topics, partitions, secondsSince(t0));
                long records = produce(bootstrap, names, partitions);
                Map<TopicPartition, Long> ends = logEndOffsets(admin, names, partitions);
                log("produced %,d records in %.1f s", records, secondsSince(t0));
                long[] lag = commitOffsets(admin, names, partitions, ends, groups, topicsPerGroup);
                log("committed offsets for %d groups in %.1f s", groups, secondsSince(t0));
                System.out.printf("READY bootstrap=%s topics=%d partitions=%d groups=%d records=%d "
                                + "committedPartitions=%d expectedTotalLag=%d laggingGroups=%d%n",
                        bootstrap, topics, topics * partitions, groups, records, lag[2], lag[0], lag[1]);
                System.out.flush();
            }
            stop.await();
        } catch (Exception e) {
            log("setup failed: %s", e);
            e.printStackTrace();
            System.out.println("FAILED " + e);
            System.out.flush();
        } finally {
            try {
                kafka.close();
            } finally {
                deleteQuietly(dataDir);
                log("broker stopped, data removed");
                closed.countDown();
            }
        }
    }

    private static List<String> createTopics(Admin admin, int topics, int partitions) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < topics; i++) {
            names.add(String.format("bench.events.%04d", i));
        }
        for (int from = 0; from < topics; from += TOPICS_PER_CREATE) {
            List<NewTopic> chunk = names.subList(from, Math.min(topics, from + TOPICS_PER_CREATE)).stream()
                    .map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            admin.createTopics(chunk).all().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        return names;
    }

    /**
     * 1 to 20 records per partition (a fixed spread, so runs are comparable), timestamped over the
     * last hour so the lagging offsets have a real age. The producer's first send to a topic waits
     * for that topic's metadata, so topics are fed from several threads to share those waits.
     */
    private static long produce(String bootstrap, List<String> names, int partitions) throws Exception {
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "linger.ms", 50, "batch.size", 4096,
                "buffer.memory", 256L * 1024 * 1024, "acks", "1", "compression.type", "none",
                "max.block.ms", 180_000, "delivery.timeout.ms", 300_000, "request.timeout.ms", 120_000);
        long now = System.currentTimeMillis();
        AtomicLong sent = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        byte[] value = new byte[100];
        ExecutorService senders = Executors.newFixedThreadPool(64);
        try (var producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < names.size(); t++) {
                int topic = t;
                tasks.add(senders.submit(() -> {
                    for (int p = 0; p < partitions; p++) {
                        int count = recordsFor(topic, p);
                        for (int i = 0; i < count; i++) {
                            long timestamp = now - (long) (count - i) * 180_000L;
                            producer.send(new ProducerRecord<>(names.get(topic), p, timestamp, null, value), (md, e) -> {
                                if (e != null) {
                                    failed.compareAndSet(null, e);
                                }
                            });
                            sent.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            producer.flush();
        } finally {
            senders.shutdownNow();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return sent.get();
    }

    static int recordsFor(int topic, int partition) {
        return 1 + Math.floorMod(topic * 31 + partition * 7, 20);
    }

    private static Map<TopicPartition, Long> logEndOffsets(Admin admin, List<String> names, int partitions)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        names.forEach(n -> {
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(n, p), OffsetSpec.latest());
            }
        });
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * Group g commits on topics g*k .. g*k+k-1 (wrapping), every partition. Even groups are caught
     * up; odd groups are behind by half of each partition (at least one record).
     *
     * @return {expected total lag, lagging groups, committed partitions}
     */
    private static long[] commitOffsets(Admin admin, List<String> names, int partitions,
                                        Map<TopicPartition, Long> ends, int groups, int topicsPerGroup)
            throws Exception {
        long totalLag = 0;
        long lagging = 0;
        long committed = 0;
        List<KafkaFuture<Void>> pending = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            String group = String.format("bench.consumer.%03d", g);
            boolean behind = g % 2 == 1;
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int k = 0; k < topicsPerGroup; k++) {
                String topic = names.get((g * topicsPerGroup + k) % names.size());
                for (int p = 0; p < partitions; p++) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    long end = ends.get(tp);
                    long offset = behind ? end / 2 : end;
                    offsets.put(tp, new OffsetAndMetadata(offset));
                    totalLag += end - offset;
                    committed++;
                }
            }
            lagging += behind ? 1 : 0;
            pending.add(admin.alterConsumerGroupOffsets(group, offsets).all());
        }
        KafkaFuture.allOf(pending.toArray(KafkaFuture[]::new)).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return new long[] {totalLag, lagging, committed};
    }

    /** Stops the broker when the driver script dies without a chance to signal (kill -9, lost terminal). */
    private static void watchParent(CountDownLatch stop) {
        var parent = ProcessHandle.current().parent();
        if (parent.isEmpty()) {
            return;
        }
        Thread watcher = new Thread(() -> {
            parent.get().onExit().join();
            log("parent process exited; stopping");
            stop.countDown();
        }, "bench-cluster-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is not worth failing the benchmark for
        }
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.err.printf("[cluster] " + format + "%n", args);
        System.err.flush();
    }
}
