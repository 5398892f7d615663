package io.warden.daemon.ha;

import io.warden.kafka.ConnectionSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's membership in the fleet: it joins {@code ha.group} on the home cluster as a
 * consumer of the state topic, so Kafka's assignor decides which instance watches which cluster.
 * For each cluster it is given, it reads the cluster's partition to its end and starts the watch
 * with what the previous owner kept; for each cluster taken away (or lost, or whose write was
 * refused) it stops the watch before anything else happens. Its own thread polls, so it stays a
 * member while its watches run.
 *
 * <p>The classic group protocol with the cooperative sticky assignor: a cluster that stays put
 * keeps running through a rebalance, and {@code ha.session-timeout} is the member's own session
 * timeout (the consumer protocol takes it from a broker-side group setting instead).
 */
public final class FleetMember implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetMember.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READ_WAIT = Duration.ofSeconds(2);
    /** Before the instance's name in the client id of its member: how {@code ha status} and the others know it. */
    static final String CLIENT_PREFIX = "warden-ha-";

    /** What the daemon does when it gets or loses a cluster. Called on the member's thread. */
    public interface Watches {
        void start(ClusterLease lease);

        /** @param why revoked, lost, refused (a write was fenced), left (this instance left the fleet) or closing */
        void stop(String cluster, String why);

        /**
         * The home cluster refuses this instance for good (an ACL, a namesake): it left the fleet
         * and tries again after {@code wait}. Called once per wait.
         */
        void backingOff(String why, Duration wait);
    }

    /**
     * This instance as {@code /health}, the metrics and the log show it.
     *
     * @param waiting clusters the group gave it that it does not watch yet: their state cannot be read to its end
     * @param differing the instances in the group that watch other clusters than this one, one line each
     */
    public record Role(String instance, String group, String memberId, int generation, List<String> owned,
                       List<String> waiting, List<String> differing) {
        public String name() {
            return owned.isEmpty() ? "standby" : "owner";
        }
    }

    private final HaLayout layout;
    private final String instance;
    private final ConnectionSettings home;
    private final Admin admin;
    private final Duration sessionTimeout;
    private final Clock clock;
    private final Watches watches;
    private final StateWriter writer;
    private final StateReader reader;
    private final Map<Integer, ClusterLease> leases = new ConcurrentHashMap<>();
    private final Set<Integer> waiting = ConcurrentHashMap.newKeySet();
    private final Object generationChanged = new Object();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile ConsumerGroupMetadata group;
    private volatile Set<Integer> assigned = Set.of();
    private volatile boolean running;
    private final RetryBackoff backoff = new RetryBackoff();
    /** Why the home cluster refuses this instance's membership of the group, null while it does not. */
    private volatile String memberDenied;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    private final SharedState shared; // what the other instances say they watch; null when not compared
    /** The other instances in the group, as of generation {@link #membersGeneration}. */
    private volatile Set<String> others = Set.of();
    private int membersGeneration = -1;

    /**
     * @param admin  a client of the home cluster, owned by the caller
     * @param shared where the instances say which clusters they watch; null to not compare them
     */
    public FleetMember(HaLayout layout, String instance, ConnectionSettings home, Admin admin, Duration sessionTimeout,
                       Clock clock, Watches watches, SharedState shared) {
        this.shared = shared;
        this.layout = layout;
        this.instance = instance;
        this.home = home;
        this.admin = admin;
        this.sessionTimeout = sessionTimeout;
        this.clock = clock;
        this.watches = watches;
        this.writer = new StateWriter(producerProperties(home, layout.transactionalId(instance), sessionTimeout));
        this.reader = new StateReader(home.consumerProperties(), admin);
    }

    static Map<String, Object> producerProperties(ConnectionSettings home, String transactionalId, Duration sessionTimeout) {
        Map<String, Object> p = new HashMap<>(home.clientProperties());
        p.put("bootstrap.servers", home.bootstrapServers());
        p.put("transactional.id", transactionalId);
        p.put("enable.idempotence", true);
        p.put("acks", "all");
        // a transaction left open by a crashed owner holds up the next owner's read until it times out
        p.put("transaction.timeout.ms", (int) Math.max(1000, sessionTimeout.toMillis()));
        p.putIfAbsent("max.block.ms", home.timeoutMillis());
        p.putIfAbsent("request.timeout.ms", home.timeoutMillis());
        p.putIfAbsent("delivery.timeout.ms", Math.max(home.timeoutMillis(), 2 * home.timeoutMillis()));
        p.putIfAbsent("client.id", "warden-ha-" + transactionalId);
        p.putIfAbsent("metric.reporters", "");
        p.putIfAbsent("enable.metrics.push", false);
        return p;
    }

    private Map<String, Object> memberProperties() {
        Map<String, Object> p = new HashMap<>(home.consumerProperties());
        p.put("group.id", layout.group());
        p.put("group.protocol", "classic");
        p.put("partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
        p.put("session.timeout.ms", (int) sessionTimeout.toMillis());
        p.put("heartbeat.interval.ms", (int) Math.max(100, sessionTimeout.toMillis() / 5));
        // a member whose thread hangs leaves the group rather than keep clusters it no longer watches
        p.put("max.poll.interval.ms", (int) (3 * sessionTimeout.toMillis()));
        p.put("auto.offset.reset", "latest");
        p.put("isolation.level", "read_committed");
        p.put("client.id", clientId());
        return p;
    }

    /**
     * Makes the fleet's topics ready (a home cluster that does not answer is a start-up error,
     * exit 69), then joins the fleet on its own thread and returns.
     */
    public void start() {
        StateTopics.ensure(admin, layout, home.timeoutMillis());
        running = true;
        thread = new Thread(this::run, "warden-ha-" + instance);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        boolean ready = false;
        while (running) {
            try {
                if (!ready) {
                    if (!mayJoin()) {
                        closing.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
                        continue;
                    }
                    consumer = new KafkaConsumer<>(memberProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                    consumer.subscribe(List.of(layout.stateTopic()), new Rebalance());
                    ready = true;
                    log.info("event=ha-joining group={} instance={} clusters={}", layout.group(), instance, layout.clusters());
                }
                if (frozen) {
                    closing.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                consumer.poll(POLL);
                refreshGroup();
                refreshMembers();
                dropRefused();
                if (writer.denied() != null) {
                    ready = leave(writer.denied());
                    continue;
                }
                startWaiting();
            } catch (AuthorizationException e) {
                memberDenied = "the home cluster refuses this instance's membership of the fleet (" + e.getMessage() + "): "
                        + (e instanceof GroupAuthorizationException ? "grant READ and DESCRIBE on the group " + layout.group()
                        : "grant DESCRIBE and READ on the topic " + layout.stateTopic()) + " on the home cluster";
                ready = leave(memberDenied);
            } catch (WakeupException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("event=ha-member-failed group={} error=\"{}\"", layout.group(), e.toString());
                waitBeforeRetry();
            }
        }
        stopAll();
    }

    /**
     * Whether to join the fleet now: not while the wait after a refusal runs, nor while the home
     * cluster still refuses this instance's writes (it would take clusters it cannot keep from
     * instances that can).
     */
    private boolean mayJoin() {
        if (backoff.waiting(clock.instant())) {
            return false;
        }
        if (!writer.mayWriteAgain(this::namesakeInFleet)) {
            backOff(writer.denied());
            return false;
        }
        return true;
    }

    /** Whether another process with this instance's name is a member of the group (it holds the transactional id). */
    private boolean namesakeInFleet() {
        Set<String> members = membersNow();
        return members == null || members.contains(instance); // unknown: the namesake is not fenced on a guess
    }

    /** After each rebalance: which other instances are in the group, to compare what they watch with what this one does. */
    private void refreshMembers() {
        ConsumerGroupMetadata g = group;
        if (shared == null || g == null || g.generationId() == membersGeneration) {
            return;
        }
        membersGeneration = g.generationId(); // one try per generation: a home that does not answer is not asked every poll
        Set<String> members = membersNow();
        if (members != null) {
            others = members.stream().filter(m -> !m.equals(instance)).collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
    }

    /** The instances in the group now, by name; null when the home cluster does not say. */
    private Set<String> membersNow() {
        try {
            return admin.describeConsumerGroups(List.of(layout.group())).all().get(home.timeoutMillis(), TimeUnit.MILLISECONDS)
                    .get(layout.group()).members().stream().map(m -> m.clientId()).filter(c -> c.startsWith(CLIENT_PREFIX))
                    .map(c -> c.substring(CLIENT_PREFIX.length())).collect(java.util.stream.Collectors.toSet());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("event=ha-members-unknown group={} error=\"{}\"", layout.group(), e.toString());
            return null;
        }
    }

    private String clientId() {
        return CLIENT_PREFIX + instance;
    }

    /**
     * Leaves the group, so the instances the home cluster lets write own the clusters, and waits
     * before joining again. Every watch stops first.
     *
     * @return false: the member must join again
     */
    private boolean leave(String why) {
        quit("left");
        consumer = null;
        assigned = Set.of();
        waiting.clear();
        group = null;
        wakeWriters();
        backOff(why);
        return false;
    }

    private void backOff(String why) {
        Duration wait = backoff.refused(clock.instant());
        log.error("event=ha-backing-off group={} instance={} retry-in={} reason=\"{}\"", layout.group(), instance, wait, why);
        watches.backingOff(why, wait);
    }

    private void waitBeforeRetry() {
        try {
            closing.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refreshGroup() {
        ConsumerGroupMetadata now = consumer.groupMetadata();
        ConsumerGroupMetadata before = group;
        group = now;
        if (before == null || before.generationId() != now.generationId()) {
            wakeWriters();
        }
    }

    private void wakeWriters() {
        synchronized (generationChanged) {
            generationChanged.notifyAll();
        }
    }

    /** A cluster whose write was refused: stopped now, and started afresh if the group still gives it to us. */
    private void dropRefused() {
        for (var e : List.copyOf(leases.entrySet())) {
            if (e.getValue().refused()) {
                leases.remove(e.getKey());
                e.getValue().end();
                log.warn("event=ha-cluster-released cluster={} reason=refused", e.getValue().cluster());
                watches.stop(e.getValue().cluster(), "refused");
                if (assigned.contains(e.getKey())) {
                    waiting.add(e.getKey());
                }
            }
        }
    }

    private void startWaiting() {
        for (Integer p : new TreeSet<>(waiting)) {
            String cluster = layout.clusterOf(p);
            if (cluster == null || !assigned.contains(p)) {
                waiting.remove(p);
                continue;
            }
            TopicPartition tp = new TopicPartition(layout.stateTopic(), p);
            Map<String, byte[]> state;
            try {
                state = reader.read(tp, READ_WAIT);
            } catch (Exception e) {
                log.warn("event=ha-state-read-failed cluster={} error=\"{}\"", cluster, e.toString());
                continue;
            }
            if (state == null) {
                log.info("event=ha-state-not-yet-readable cluster={} reason=\"a transaction of the previous owner is open\"",
                        cluster);
                continue;
            }
            waiting.remove(p);
            ClusterLease lease = new ClusterLease(cluster, tp, instance, clock, this::keep, state);
            leases.put(p, lease);
            log.info("event=ha-cluster-acquired cluster={} generation={}", cluster, group == null ? -1 : group.generationId());
            watches.start(lease);
        }
    }

    /**
     * Writes one record of {@code lease}, fenced by the group's generation. A rebalance that keeps
     * the cluster here bumps the generation too: then the write is tried once more with the new one.
     */
    private boolean keep(ClusterLease lease, String key, byte[] value) {
        ConsumerGroupMetadata g = group;
        if (g == null) {
            return false;
        }
        String note = instance + " " + clock.instant();
        if (writer.write(lease.partition(), Map.of(key, value), g, note)) {
            backoff.succeeded();
            return true;
        }
        if (writer.denied() != null) {
            return false;
        }
        ConsumerGroupMetadata next = nextGeneration(g.generationId(), lease);
        boolean kept = next != null && assigned.contains(lease.partition().partition())
                && lease.held() && writer.write(lease.partition(), Map.of(key, value), next, note);
        if (kept) {
            backoff.succeeded();
        }
        return kept;
    }

    private ConsumerGroupMetadata nextGeneration(int generation, ClusterLease lease) {
        Instant deadline = clock.instant().plus(sessionTimeout);
        synchronized (generationChanged) {
            while (lease.held() && running && (group == null || group.generationId() <= generation)) {
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (left <= 0) {
                    return null;
                }
                try {
                    generationChanged.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        ConsumerGroupMetadata g = group;
        return g != null && g.generationId() > generation ? g : null;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            refreshGroup();
            release(partitions, "revoked");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // no longer the owner: nothing more may be written or done
            partitions.forEach(p -> {
                ClusterLease lease = leases.get(p.partition());
                if (lease != null) {
                    lease.end();
                }
            });
            release(partitions, "lost");
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            memberDenied = null; // called after every rebalance this member takes part in: the group lets it in
            consumer.pause(partitions); // the member only holds partitions; their records are read apart
            refreshGroup();
            Set<Integer> now = new java.util.HashSet<>(assigned);
            partitions.forEach(p -> now.add(p.partition()));
            assigned = Set.copyOf(now);
            partitions.forEach(p -> waiting.add(p.partition()));
        }
    }

    private void release(Collection<TopicPartition> partitions, String why) {
        Set<Integer> now = new java.util.HashSet<>(assigned);
        for (TopicPartition p : partitions) {
            now.remove(p.partition());
            waiting.remove(p.partition());
            ClusterLease lease = leases.remove(p.partition());
            if (lease != null) {
                // ended first: a write waiting for the next generation gives up, and the watch's last cycle tells nothing
                lease.end();
                wakeWriters();
                watches.stop(lease.cluster(), why);
                log.info("event=ha-cluster-released cluster={} reason={}", lease.cluster(), why);
            }
        }
        assigned = Set.copyOf(now);
    }

    private void stopAll() {
        quit("closing");
        writer.close();
    }

    /** Leaves the group and stops every watch, each before the group hears this instance left. */
    private void quit(String why) {
        try {
            if (consumer != null) {
                consumer.close(); // revokes what it holds, so every watch stops before the group hears we left
            }
        } catch (RuntimeException e) {
            log.warn("event=ha-leave-failed error=\"{}\"", e.toString());
        }
        for (var e : List.copyOf(leases.entrySet())) {
            leases.remove(e.getKey());
            e.getValue().end();
            watches.stop(e.getValue().cluster(), why);
        }
    }

    /** This instance's role now; safe from any thread. */
    public Role role() {
        ConsumerGroupMetadata g = group;
        List<String> owned = leases.values().stream().filter(ClusterLease::held).map(ClusterLease::cluster).sorted().toList();
        List<String> notYet = waiting.stream().filter(assigned::contains).map(layout::clusterOf)
                .filter(java.util.Objects::nonNull).sorted().toList();
        List<String> differing = shared == null ? List.of() : SharedState.differences(shared.announced(), others, layout.clusters());
        return new Role(instance, layout.group(), g == null ? "" : g.memberId(), g == null ? -1 : g.generationId(), owned,
                notYet, differing);
    }

    /**
     * Why this instance fails its part in the fleet, or null: the home cluster refuses every state
     * write it makes, or clusters given to it that nobody watches.
     */
    public String problem() {
        String denied = memberDenied != null ? memberDenied : writer.denied();
        if (denied != null) {
            // it cannot record what it tells, so it tells nothing: it stays out of the fleet and tries again later
            Instant next = backoff.until();
            return denied + "; this instance stays out of the fleet, so it tells and heals nothing"
                    + (next.equals(Instant.MIN) ? "" : ", and tries again at " + next.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        Role role = role();
        if (!role.differing().isEmpty()) {
            // partition i is cluster i of each instance's own list: with other lists, clusters are watched twice or not at all
            return "the instances of the fleet watch different clusters: " + String.join("; ", role.differing())
                    + "; this instance watches " + String.join(", ", layout.clusters()) + ": give every instance the same clusters";
        }
        List<String> notYet = role.waiting();
        return notYet.isEmpty() ? null : "given " + String.join(", ", notYet) + " by the fleet but cannot read "
                + (notYet.size() == 1 ? "its" : "their") + " state from the home cluster yet: nobody watches "
                + (notYet.size() == 1 ? "it" : "them");
    }

    public HaLayout layout() {
        return layout;
    }

    /** Leaves the group within {@code wait}: every watch stopped first. Returns whether it finished in time. */
    public boolean close(Duration wait) {
        running = false;
        closing.countDown();
        wakeWriters();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread == null) {
            return true;
        }
        try {
            thread.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * For drills and tests: the member stops polling, as a process whose membership thread hangs
     * while its watches run on; the group drops it after {@code max.poll.interval.ms}.
     */
    public void freeze(boolean frozen) {
        this.frozen = frozen;
    }

    private volatile boolean frozen;
}
