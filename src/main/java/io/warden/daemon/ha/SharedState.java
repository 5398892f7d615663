package io.warden.daemon.ha;

import io.warden.WardenException;
import io.warden.alert.Silence;
import io.warden.alert.Silences;
import io.warden.heal.HealPause;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What holds for the whole fleet, whichever instance owns a cluster: the silences and the healing
 * pause switch, in the shared topic that every instance reads whole. A silence set through any
 * instance's API or with {@code warden silence add --config} holds on every instance and after a
 * takeover. Keys: {@code silence/<id>} (an expired silence is kept with its new end until
 * compaction drops nothing: it is small), {@code heal-pause} (a tombstone resumes) and
 * {@code instance/<name>} (the clusters that instance watches, so instances with another list are
 * found; a tombstone when it stops).
 */
public final class SharedState implements Silences, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedState.class);
    private static final String PAUSE = "heal-pause";
    private static final String INSTANCE = "instance/";

    /** What an instance says it watches. */
    record Announcement(String instance, List<String> clusters, Instant at) {
    }

    private final ConnectionSettings home;
    private final TopicPartition partition;
    private final Clock clock;
    private final Map<String, Silence> silences = new ConcurrentHashMap<>();
    private volatile String pause;
    private final Map<String, List<String>> announced = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private volatile boolean running;

    public SharedState(ConnectionSettings home, HaLayout layout, Clock clock) {
        this.home = home;
        this.partition = new TopicPartition(layout.sharedTopic(), 0);
        this.clock = clock;
    }

    /**
     * Reads the topic to its end, then, with {@code follow}, keeps reading it on its own thread.
     * A home cluster that does not answer within the timeout is a start-up error, exit 69.
     */
    public SharedState open(boolean follow) {
        Map<String, Object> props = new HashMap<>(home.consumerProperties());
        props.put("isolation.level", "read_committed");
        props.put("client.id", "warden-ha-shared");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), home.timeout()).get(partition);
            long deadline = System.nanoTime() + home.timeout().toNanos();
            while (consumer.position(partition, home.timeout()) < end) {
                if (System.nanoTime() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException("not at the end of " + partition + " in time");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(this::apply);
            }
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw new WardenException(WardenException.UNAVAILABLE, "cannot read the fleet's silences and pause switch from "
                    + partition.topic() + " on the home cluster at " + home.bootstrapServers() + " (" + Futures.describe(e)
                    + "): check ha.home and that Warden may READ and DESCRIBE that topic", e);
        }
        if (follow) {
            running = true;
            thread = new Thread(this::follow, "warden-ha-shared");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    private void follow() {
        while (running) {
            try {
                consumer.poll(Duration.ofSeconds(1)).forEach(this::apply);
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                log.warn("event=ha-shared-read-failed error=\"{}\"", e.toString());
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (key.equals(PAUSE)) {
                pause = r.value() == null ? null : HealPause.describe(StateJson.read(r.value(), Map.class));
            } else if (key.startsWith(INSTANCE)) {
                String instance = key.substring(INSTANCE.length());
                if (r.value() == null) {
                    announced.remove(instance);
                } else {
                    Announcement a = StateJson.read(r.value(), Announcement.class);
                    announced.put(instance, a.clusters() == null ? List.of() : List.copyOf(a.clusters()));
                }
            } else if (key.startsWith("silence/")) {
                String id = key.substring("silence/".length());
                if (r.value() == null) {
                    silences.remove(id);
                } else {
                    silences.put(id, StateJson.read(r.value(), Silence.class));
                }
            }
        } catch (IOException | RuntimeException e) {
            // one bad record must not hide the others; an unreadable pause switch pauses, to be safe
            log.error("event=ha-shared-record-unreadable key=\"{}\" error=\"{}\"", io.warden.kafka.RecordText.escape(key),
                    e.getMessage());
            if (key.equals(PAUSE)) {
                pause = "pause record in " + partition.topic() + " is unreadable; paused to be safe";
            }
        }
    }

    @Override
    public List<Silence> all() {
        return silences.values().stream().sorted(java.util.Comparator.comparing(Silence::createdAt)).toList();
    }

    @Override
    public List<Silence> active() {
        Instant now = clock.instant();
        return all().stream().filter(s -> s.activeAt(now)).toList();
    }

    @Override
    public Silence add(Map<String, String> matchers, Duration duration, String createdBy, String comment) {
        Silence s = Silence.of(matchers, duration, createdBy, comment, clock.instant());
        send("silence/" + s.id(), StateJson.write(s));
        silences.put(s.id(), s);
        return s;
    }

    @Override
    public boolean expire(String id) {
        Silence s = silences.get(id);
        if (s == null) {
            return false;
        }
        Instant now = clock.instant();
        if (s.activeAt(now)) {
            Silence ended = new Silence(s.id(), s.matchers(), s.createdAt(), now, s.createdBy(), s.comment());
            send("silence/" + id, StateJson.write(ended));
            silences.put(id, ended);
        }
        return true;
    }

    /** Says which clusters {@code instance} watches, for the other instances and {@code ha status} to compare. */
    public void announce(String instance, List<String> clusters) {
        send(INSTANCE + instance, StateJson.write(new Announcement(instance, clusters, clock.instant())));
        announced.put(instance, List.copyOf(clusters));
    }

    /** {@code instance} stops: it no longer says what it watches. */
    public void withdraw(String instance) {
        send(INSTANCE + instance, null);
        announced.remove(instance);
    }

    /** The clusters each instance said it watches, by instance name. */
    public Map<String, List<String>> announced() {
        return Map.copyOf(announced);
    }

    /**
     * How the lists of the instances in {@code among} differ from {@code mine}, one line each:
     * {@code b watches east, south (not west; also south)}. Empty when they agree.
     */
    static List<String> differences(Map<String, List<String>> announced, java.util.Collection<String> among, List<String> mine) {
        List<String> out = new java.util.ArrayList<>();
        for (String instance : new java.util.TreeSet<>(among)) {
            List<String> theirs = announced.get(instance);
            if (theirs == null || new java.util.HashSet<>(theirs).equals(new java.util.HashSet<>(mine))) {
                continue;
            }
            List<String> missing = mine.stream().filter(c -> !theirs.contains(c)).sorted().toList();
            List<String> extra = theirs.stream().filter(c -> !mine.contains(c)).sorted().toList();
            out.add(io.warden.kafka.RecordText.escape(instance) + " watches " + io.warden.kafka.RecordText.escape(
                    String.join(", ", theirs.stream().sorted().toList())) + " (" + (missing.isEmpty() ? "" : "not "
                    + String.join(", ", missing)) + (missing.isEmpty() || extra.isEmpty() ? "" : "; ")
                    + (extra.isEmpty() ? "" : "also " + io.warden.kafka.RecordText.escape(String.join(", ", extra))) + ")");
        }
        return out;
    }

    /** Who paused healing for the fleet, when and why; null when it runs. */
    public String pauseReason() {
        return pause;
    }

    public void pause(String by, String reason, Instant at) {
        send(PAUSE, StateJson.write(HealPause.record(by, reason, at)));
        pause = HealPause.describe(HealPause.record(by, reason, at));
    }

    /** Returns false when healing was not paused. */
    public boolean resume() {
        boolean was = pause != null;
        send(PAUSE, null);
        pause = null;
        return was;
    }

    private void send(String key, byte[] value) {
        synchronized (lock) {
            try {
                if (producer == null) {
                    Map<String, Object> p = new HashMap<>(home.clientProperties());
                    p.put("bootstrap.servers", home.bootstrapServers());
                    p.put("acks", "all");
                    p.putIfAbsent("max.block.ms", home.timeoutMillis());
                    p.putIfAbsent("client.id", "warden-ha-shared");
                    p.putIfAbsent("metric.reporters", "");
                    p.putIfAbsent("enable.metrics.push", false);
                    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
                }
                producer.send(new ProducerRecord<>(partition.topic(), partition.partition(),
                        key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value)).get(home.timeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WardenException(WardenException.UNAVAILABLE, "interrupted while writing to " + partition.topic(), e);
            } catch (Exception e) {
                throw new WardenException(WardenException.UNAVAILABLE, "cannot write to " + partition.topic()
                        + " on the home cluster (" + Futures.describe(e) + "); nothing was changed: check that Warden may WRITE it", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(1));
        }
        synchronized (lock) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }
}
