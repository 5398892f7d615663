package io.warden.daemon.ha;

import io.warden.WardenException;
import io.warden.kafka.Futures;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** Reads a fleet's {@link FleetStatus} from its home cluster: the group, its committed offsets, the state topic's ends. */
public final class FleetStatusService {

    private static final String CLIENT_PREFIX = FleetMember.CLIENT_PREFIX;

    /**
     * The fleet's status, with what each member says it watches compared with {@code layout}'s
     * clusters, read from the fleet's shared topic through {@code settings}.
     */
    public FleetStatus status(HaLayout layout, io.warden.kafka.ConnectionSettings settings, Admin home, Duration timeout) {
        Map<String, List<String>> announced;
        try (SharedState shared = new SharedState(settings, layout, java.time.Clock.systemUTC())) {
            announced = shared.open(false).announced();
        } catch (WardenException e) {
            announced = Map.of(); // no instance has started yet, or the topic cannot be read: nothing to compare
        }
        try {
            ConsumerGroupDescription group = home.describeConsumerGroups(List.of(layout.group())).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(layout.group());
            Map<TopicPartition, OffsetAndMetadata> committed = home.listConsumerGroupOffsets(layout.group())
                    .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> ends = ends(layout, home, timeout);
            Map<Integer, String> owners = new HashMap<>();
            List<FleetStatus.Member> members = new ArrayList<>();
            for (MemberDescription m : group.members()) {
                String instance = m.clientId().startsWith(CLIENT_PREFIX) ? m.clientId().substring(CLIENT_PREFIX.length()) : m.clientId();
                List<String> owned = new ArrayList<>();
                for (TopicPartition tp : m.assignment().topicPartitions()) {
                    String cluster = tp.topic().equals(layout.stateTopic()) ? layout.clusterOf(tp.partition()) : null;
                    if (cluster != null) {
                        owners.put(tp.partition(), instance);
                        owned.add(cluster);
                    }
                }
                members.add(new FleetStatus.Member(instance, m.host(), owned.stream().sorted().toList(), announced.get(instance)));
            }
            List<FleetStatus.Cluster> clusters = new ArrayList<>();
            for (int p = 0; p < layout.clusters().size(); p++) {
                TopicPartition tp = new TopicPartition(layout.stateTopic(), p);
                OffsetAndMetadata c = committed.get(tp);
                String[] note = c == null || c.metadata() == null ? new String[0] : c.metadata().split(" ", 2);
                Long end = ends.get(tp);
                clusters.add(new FleetStatus.Cluster(layout.clusterOf(p), p, owners.get(p), note.length > 0 ? note[0] : null,
                        note.length > 1 ? instant(note[1]) : null,
                        end == null ? null : Math.max(0, end - (c == null ? 0 : c.offset()))));
            }
            members.sort(java.util.Comparator.comparing(FleetStatus.Member::instance));
            return new FleetStatus(layout.group(), layout.stateTopic(), group.groupState().toString(), members, clusters,
                    SharedState.differences(announced, members.stream().map(FleetStatus.Member::instance).toList(),
                            layout.clusters()));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new WardenException(WardenException.UNAVAILABLE, "cannot read fleet " + layout.group() + " from the home "
                    + "cluster (" + Futures.describe(e) + "): check ha.home, and that Warden may DESCRIBE the group and the "
                    + "topic " + layout.stateTopic(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.UNAVAILABLE, "interrupted while reading fleet " + layout.group(), e);
        }
    }

    /**
     * Each cluster's healing state as its owner last kept it, by cluster name; a cluster never
     * healed has an empty one. For {@code warden heal status} of a fleet.
     */
    public Map<String, io.warden.heal.HealStateStore> healStates(HaLayout layout, io.warden.kafka.ConnectionSettings home,
                                                               Admin admin, Duration timeout) {
        StateReader reader = new StateReader(home.consumerProperties(), admin);
        Map<String, io.warden.heal.HealStateStore> stores = new java.util.LinkedHashMap<>();
        for (String cluster : layout.clusters()) {
            TopicPartition tp = new TopicPartition(layout.stateTopic(), layout.partitionOf(cluster));
            Map<String, byte[]> state;
            try {
                state = reader.read(tp, timeout);
            } catch (Exception e) {
                throw new WardenException(WardenException.UNAVAILABLE, "cannot read the healing state of " + cluster + " from "
                        + tp + " (" + Futures.describe(e) + "): check ha.home, and that Warden may READ the topic", e);
            }
            if (state == null) {
                throw new WardenException(WardenException.UNAVAILABLE, "the healing state of " + cluster + " in " + tp
                        + " was not read to its end within " + timeout.toSeconds() + "s (a write still open); try again");
            }
            byte[] json = state.get(cluster + "/heal");
            stores.put(cluster, new io.warden.heal.HealStateStore(new io.warden.heal.HealStateStore.Place() {
                @Override
                public byte[] load() {
                    return json;
                }

                @Override
                public void save(byte[] ignored) {
                    throw new UnsupportedOperationException("read only: only the cluster's owner keeps its healing state");
                }

                @Override
                public String describe() {
                    return tp + " key " + cluster + "/heal";
                }
            }));
        }
        return stores;
    }

    /** The end of each partition of the state topic; empty when the topic is not there yet. */
    private static Map<TopicPartition, Long> ends(HaLayout layout, Admin home, Duration timeout)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < layout.clusters().size(); p++) {
            latest.put(new TopicPartition(layout.stateTopic(), p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        try {
            home.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        } catch (ExecutionException e) {
            // no state topic yet (no instance started), or fewer partitions than clusters: shown as unknown
        }
        return ends;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null; // not written by Warden
        }
    }
}
