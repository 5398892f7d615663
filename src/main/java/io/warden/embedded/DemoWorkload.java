package io.warden.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Traffic for the demo: a producer writing orders and payments (and now and then a dead letter),
 * a consumer group that keeps up ({@code billing}), one that reads a few records a second and
 * falls behind ({@code analytics}), and a share group that does the same on payments
 * ({@code payments-queue}). Everything runs on one scheduler and stops on {@link #close()}.
 */
public final class DemoWorkload implements AutoCloseable {

    public static final List<String> TOPICS = List.of("orders", "payments", "orders.dlq");

    private final String bootstrap;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "demo-workload");
        t.setDaemon(true);
        return t;
    });
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final AtomicLong produced = new AtomicLong();

    public DemoWorkload(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public void createTopics(int replication) throws Exception {
        short rf = (short) replication;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("orders", 6, rf), new NewTopic("payments", 3, rf),
                    new NewTopic("orders.dlq", 1, rf))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Produces about {@code perSecond} records a second across orders and payments. */
    public void start(int perSecond) {
        var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "linger.ms", 5,
                "acks", "all"), new StringSerializer(), new StringSerializer());
        clients.add(producer);
        long periodMicros = 1_000_000L / Math.max(1, perSecond / 10);
        scheduler.scheduleAtFixedRate(() -> {
            for (int i = 0; i < 10; i++) {
                long n = produced.incrementAndGet();
                producer.send(new ProducerRecord<>(n % 3 == 0 ? "payments" : "orders", "key-" + (n % 97), "event-" + n));
                if (n % 200 == 0) {
                    producer.send(new ProducerRecord<>("orders.dlq", "key-" + n, "could not parse event-" + n));
                }
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        consume("billing", List.of("orders", "payments"), 500, Duration.ofMillis(200));
        consume("analytics", List.of("orders"), 5, Duration.ofSeconds(1));
        share("payments-queue", List.of("payments"), 5, Duration.ofSeconds(1));
    }

    private void consume(String group, List<String> topics, int maxPerPoll, Duration every) {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "group.id", group,
                "auto.offset.reset", "earliest", "max.poll.records", maxPerPoll, "client.id", group + "-1"),
                new StringDeserializer(), new StringDeserializer());
        clients.add(consumer);
        consumer.subscribe(topics);
        repeat(every, () -> {
            consumer.poll(Duration.ofMillis(100));
            // a commit refused while the demo stops a broker is carried by the next one; without a
            // callback the client logs each such failure as an error into the demo's output
            consumer.commitAsync((offsets, failure) -> { });
        });
    }

    /** A share group (KIP-932): each poll acknowledges the records of the one before. */
    private void share(String group, List<String> topics, int maxPerPoll, Duration every) {
        var consumer = new KafkaShareConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "group.id", group,
                "max.poll.records", maxPerPoll, "client.id", group + "-1"), new StringDeserializer(), new StringDeserializer());
        clients.add(consumer);
        consumer.subscribe(topics);
        repeat(every, () -> consumer.poll(Duration.ofMillis(100)));
    }

    /** Kafka's consumers are single-threaded: each is polled from one scheduled task only. */
    private void repeat(Duration every, Runnable step) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                step.run();
            } catch (org.apache.kafka.common.errors.WakeupException | IllegalStateException stopping) {
                // closing
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long produced() {
        return produced.get();
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort on the way out
            }
        }
    }
}
