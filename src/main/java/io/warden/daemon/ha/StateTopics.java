package io.warden.daemon.ha;

import io.warden.WardenException;
import io.warden.kafka.Futures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the fleet's topics on the home cluster ready before an instance joins: compacted, the
 * state topic with at least one partition per watched cluster (grown when a cluster was added),
 * the shared topic with one. Several instances may start at once: a topic another made first is fine.
 */
final class StateTopics {

    private static final Logger log = LoggerFactory.getLogger(StateTopics.class);
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

    private StateTopics() {
    }

    static void ensure(Admin home, HaLayout layout, long timeoutMillis) {
        ensure(home, layout.stateTopic(), layout.clusters().size(), timeoutMillis);
        ensure(home, layout.sharedTopic(), 1, timeoutMillis);
    }

    private static void ensure(Admin home, String topic, int partitions, long timeoutMillis) {
        try {
            int existing = partitions(home, topic, timeoutMillis);
            if (existing < 0) {
                try {
                    home.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.empty())
                            .configs(COMPACTED))).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
                    log.info("event=ha-topic-created topic={} partitions={}", topic, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    existing = partitions(home, topic, timeoutMillis);
                }
            }
            if (existing >= 0 && existing < partitions) {
                // cluster i lives in partition i: every cluster needs its own
                home.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all()
                        .get(timeoutMillis, TimeUnit.MILLISECONDS);
                log.info("event=ha-topic-grown topic={} from={} to={}", topic, existing, partitions);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new WardenException(WardenException.UNAVAILABLE, "cannot make the HA topic " + topic
                    + " ready on the home cluster (" + Futures.describe(e) + "): Warden needs to describe and create it "
                    + "(CREATE and DESCRIBE on the topic, or create it compacted with " + partitions + " partition(s))", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.UNAVAILABLE, "interrupted while making " + topic + " ready", e);
        }
    }

    /** Its partition count, or -1 when it does not exist. */
    private static int partitions(Admin home, String topic, long timeoutMillis)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        try {
            TopicDescription d = home.describeTopics(List.of(topic)).allTopicNames().get(timeoutMillis, TimeUnit.MILLISECONDS)
                    .get(topic);
            return d.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return -1;
            }
            throw e;
        }
    }
}
