package io.warden.embedded;

import io.warden.kafka.TopicReadiness;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates topics and returns once every partition has a leader. The controller acknowledges a topic before
 * the brokers know it; in that moment Kafka 4's group coordinator refuses offsets on its partitions
 * (UnknownTopicOrPartitionException) and a Warden command may take it for missing.
 */
public final class ReadyTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ReadyTopics() {
    }

    public static void create(Admin admin, Collection<NewTopic> topics) throws InterruptedException, ExecutionException {
        admin.createTopics(topics).all().get();
        List<String> names = topics.stream().map(NewTopic::name).toList();
        if (!TopicReadiness.awaitLeaders(admin, names, TIMEOUT)) {
            throw new AssertionError("topics " + names + " created but without a leader on every partition after " + TIMEOUT);
        }
    }
}
