package io.warden.dr;

import io.warden.WardenException;
import io.warden.kafka.AccessAdvice;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.TopicScan;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The drill's own topic: created on the source, and removed with its replica afterwards only
 * while each is still the topic the drill created (same topic id) and holds only its markers.
 * Also the check that named topics and their replicas exist.
 */
final class DrillTopic {

    private DrillTopic() {
    }

    /** Describing a topic just created: at most this many tries, 0.1 s more apart each time (4.5 s in all). */
    private static final int DESCRIBE_ATTEMPTS = 10;

    static boolean exists(Admin admin, String topic, Duration timeout) {
        return Futures.get(admin.listTopics().names(), timeout).contains(topic);
    }

    static Uuid create(KafkaConnection source, String topic, int partitions, DrillService.Pause pause) throws InterruptedException {
        Duration timeout = source.settings().timeout();
        try {
            Futures.get(source.admin().createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all(),
                    timeout);
            // not CreateTopicsResult.topicId: without DescribeConfigs on the topic it fails although the topic was created.
            // The broker that answers may not know the new topic yet (its metadata follows the controller's): ask again
            for (int attempt = 1; ; attempt++) {
                try {
                    return Futures.get(source.admin().describeTopics(List.of(topic)).allTopicNames(), timeout).get(topic).topicId();
                } catch (UnknownTopicOrPartitionException e) {
                    if (attempt == DESCRIBE_ATTEMPTS) {
                        throw e;
                    }
                    pause.pause(Duration.ofMillis(100L * attempt));
                }
            }
        } catch (TopicExistsException e) {
            throw new WardenException(WardenException.CANT_CREATE, "the drill topic " + topic + " exists already: another drill"
                    + " started in the same second; run it again");
        } catch (RuntimeException e) {
            if (AccessAdvice.authorization(e) != null) {
                throw AccessAdvice.of(source.settings()).denied("creating the drill topic", AclOperation.CREATE, ResourceType.TOPIC,
                        topic, e);
            }
            throw e;
        }
    }

    /** The named topics' partition counts; each must exist on the source and have its replica on DR. */
    static Map<String, Integer> partitionsOf(KafkaConnection source, KafkaConnection target, DrPair pair, List<String> topics) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Map<String, TopicDescription> described = describe(source, topics, pair.source().name());
        describe(target, topics.stream().map(pair.naming()::replicaOf).toList(), pair.target().name());
        topics.forEach(t -> out.put(t, described.get(t).partitions().size()));
        return out;
    }

    private static Map<String, TopicDescription> describe(KafkaConnection kafka, List<String> topics, String cluster) {
        Set<String> there = Futures.get(kafka.admin().listTopics().names(), kafka.settings().timeout());
        for (String t : topics) {
            if (!there.contains(t)) {
                throw new WardenException(WardenException.USAGE, "topic '" + io.warden.kafka.RecordText.escape(t)
                        + "' does not exist on " + cluster + ": name a topic MirrorMaker replicates"
                        + " (on DR, its replica) or drop --topics to drill with a topic of the drill's own");
            }
        }
        return Futures.get(kafka.admin().describeTopics(topics).allTopicNames(), kafka.settings().timeout());
    }

    /**
     * Removes the drill topic and then its replica, each only if it is still the topic this drill
     * created (same topic id) and holds only this drill's markers. The source goes first, so
     * MirrorMaker has no reason to create the replica again; while the source stays, so does the
     * replica, which MirrorMaker would otherwise create and fill again.
     */
    static void removeDrillTopic(KafkaConnection source, KafkaConnection target, MirrorNaming naming, String topic,
                                 Uuid createdId, String drillId, Clock clock, List<String> cleanup, DrPair pair) {
        String replica = naming.replicaOf(topic);
        if (!remove(source, topic, createdId, drillId, clock, "the drill topic", pair.source().name(), cleanup)) {
            cleanup.add("left its replica " + replica + " on " + pair.target().name() + ", if MirrorMaker created it: the drill"
                    + " topic stays");
            return;
        }
        Uuid replicaId;
        try {
            replicaId = Futures.get(target.admin().describeTopics(List.of(replica)).allTopicNames(), target.settings().timeout())
                    .get(replica).topicId();
        } catch (UnknownTopicOrPartitionException e) {
            return; // MirrorMaker never created it
        } catch (RuntimeException e) {
            cleanup.add("could not look for the replica " + replica + " on " + pair.target().name() + ": "
                    + AccessAdvice.of(target.settings()).describeFailure("looking for the drill topic's replica",
                            AclOperation.DESCRIBE, ResourceType.TOPIC, replica, e));
            return;
        }
        remove(target, replica, replicaId, drillId, clock, "its replica", pair.target().name(), cleanup);
    }

    /**
     * Deletes the topic by id, after {@link #foreign} found nothing against it; says what it did in
     * {@code cleanup} and returns whether it deleted it.
     */
    private static boolean remove(KafkaConnection kafka, String topic, Uuid id, String drillId, Clock clock, String what,
                                  String cluster, List<String> cleanup) {
        try {
            String why = foreign(kafka, topic, id, drillId, clock);
            if (why == null) {
                Futures.get(kafka.admin().deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all(), kafka.settings().timeout());
                cleanup.add("deleted " + what + " " + topic + " on " + cluster);
                return true;
            }
            cleanup.add("left " + what + " " + topic + " on " + cluster + ": " + why);
        } catch (RuntimeException e) {
            cleanup.add("could not delete " + what + " " + topic + " on " + cluster + ": " + AccessAdvice.of(kafka.settings())
                    .describeFailure("deleting " + what, AclOperation.DELETE, ResourceType.TOPIC, topic, e));
        }
        return false;
    }

    /** Why the topic may not be deleted (another topic of that name now, records not the drill's), or null. */
    private static String foreign(KafkaConnection kafka, String topic, Uuid expectedId, String drillId, Clock clock) {
        TopicDescription now = Futures.get(kafka.admin().describeTopics(List.of(topic)).allTopicNames(), kafka.settings().timeout())
                .get(topic);
        if (!now.topicId().equals(expectedId)) {
            return "it is another topic than the drill's now (topic id " + now.topicId() + ")";
        }
        long[] strangers = {0};
        try (TopicScan scan = TopicScan.open(kafka.settings(), clock)) {
            List<TopicPartition> parts = scan.partitionsIfAny(topic);
            TopicScan.Outcome o = scan.read(scan.beginnings(parts), scan.ends(parts), DrillService.MAX_COUNTED, r -> {
                if (!DrillMarkers.isDrillRecord(r, drillId)) {
                    strangers[0]++;
                    return false;
                }
                return true;
            });
            if (o.stopped() && strangers[0] == 0) {
                return "it holds more records than a drill writes";
            }
        }
        return strangers[0] == 0 ? null : "it holds records that are not the drill's markers";
    }
}
