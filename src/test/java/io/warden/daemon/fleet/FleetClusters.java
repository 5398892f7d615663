package io.warden.daemon.fleet;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a fleet watches: four real clusters ({@link #WATCHED}), each one combined KRaft node in
 * this JVM, and the {@code home} cluster the fleet coordinates through. A consumer group that lags
 * ({@link #lag}) makes a cluster's {@code consumer-lag} alert fire; {@link #catchUp} resolves it.
 */
final class FleetClusters implements AutoCloseable {

    static final List<String> WATCHED = List.of("c1", "c2", "c3", "c4");
    /** Records a lagging group is behind by: above the fleet's lag warning of {@value FleetMember#LAG_WARNING}. */
    static final int BEHIND = 300;

    /**
     * The fleet's instances are one consumer group on the home cluster: a silent instance must lose
     * its clusters within seconds, below the brokers' defaults (45 s for the consumer protocol).
     */
    private static final Map<String, String> HOME = Map.of(
            "group.min.session.timeout.ms", "1000",
            "group.consumer.min.session.timeout.ms", "1000",
            "group.consumer.session.timeout.ms", "6000",
            "group.consumer.min.heartbeat.interval.ms", "500",
            "group.consumer.heartbeat.interval.ms", "1000",
            // an owner killed in the middle of a state write leaves its transaction open until the
            // coordinator aborts it: checked every 10 s by default, which a takeover would wait for
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");

    private final Map<String, EmbeddedKafka> watched;
    private final EmbeddedKafka home;
    /** CLUSTER/GROUP of every group {@link #lag} left lagging. */
    private final Set<String> lagging = ConcurrentHashMap.newKeySet();

    private FleetClusters(Map<String, EmbeddedKafka> watched, EmbeddedKafka home) {
        this.watched = watched;
        this.home = home;
    }

    /** Starts the five clusters side by side: each start mostly waits, so together they take little more than one. */
    static FleetClusters start() {
        CompletableFuture<EmbeddedKafka> home = CompletableFuture.supplyAsync(() -> EmbeddedKafka.start(1, HOME));
        Map<String, CompletableFuture<EmbeddedKafka>> starting = new LinkedHashMap<>();
        WATCHED.forEach(name -> starting.put(name, CompletableFuture.supplyAsync(EmbeddedKafka::single)));
        Map<String, EmbeddedKafka> watched = new LinkedHashMap<>();
        try {
            for (var e : starting.entrySet()) {
                watched.put(e.getKey(), e.getValue().join());
            }
            return new FleetClusters(watched, home.join());
        } catch (RuntimeException e) {
            starting.values().forEach(f -> f.thenAccept(EmbeddedKafka::close));
            home.thenAccept(EmbeddedKafka::close);
            throw e;
        }
    }

    String bootstrapServers(String cluster) {
        EmbeddedKafka kafka = watched.get(cluster);
        if (kafka == null) {
            throw new IllegalArgumentException("no watched cluster " + cluster + "; there are " + WATCHED);
        }
        return kafka.bootstrapServers();
    }

    /** Bootstrap servers of each watched cluster, by name. */
    Map<String, String> bootstrapServers() {
        Map<String, String> all = new LinkedHashMap<>();
        watched.forEach((name, kafka) -> all.put(name, kafka.bootstrapServers()));
        return all;
    }

    String homeBootstrapServers() {
        return home.bootstrapServers();
    }

    /**
     * Makes {@code group} lag on {@code cluster} by {@link #BEHIND} records: its own topic
     * {@code GROUP-in}, written to, and the group's offset committed at the start.
     */
    void lag(String cluster, String group) throws ExecutionException, InterruptedException {
        String topic = group + "-in";
        try (Admin admin = admin(cluster);
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers(cluster)),
                     new StringSerializer(), new StringSerializer())) {
            ReadyTopics.create(admin, List.of(new NewTopic(topic, 1, (short) 1)));
            for (int i = 0; i < BEHIND; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
            producer.flush();
            commit(admin, group, topic, 0);
        }
        lagging.add(cluster + "/" + group);
    }

    /** The group reads everything: its lag alert resolves. */
    void catchUp(String cluster, String group) throws ExecutionException, InterruptedException {
        try (Admin admin = admin(cluster)) {
            commit(admin, group, group + "-in", BEHIND);
        }
        lagging.remove(cluster + "/" + group);
    }

    /** Every group still lagging catches up, so the next test starts with no alert firing. */
    void catchUpAll() throws ExecutionException, InterruptedException {
        for (String lag : List.copyOf(lagging)) {
            int slash = lag.indexOf('/');
            catchUp(lag.substring(0, slash), lag.substring(slash + 1));
        }
    }

    private static void commit(Admin admin, String group, String topic, long offset) throws ExecutionException, InterruptedException {
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset))).all().get();
    }

    private Admin admin(String cluster) {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers(cluster)));
    }

    @Override
    public void close() {
        watched.values().forEach(EmbeddedKafka::close);
        home.close();
    }
}
