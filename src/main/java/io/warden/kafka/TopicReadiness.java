package io.warden.kafka;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.admin.Admin;

/**
 * Waits until topics just created or deleted are seen so by the brokers. A created topic is known to
 * the controller before every broker has it: records sent to it and offsets committed on it in that
 * moment fail with an unknown partition.
 */
public final class TopicReadiness {

    private static final Duration POLL = Duration.ofMillis(50);

    private TopicReadiness() {
    }

    /** True once every partition of the topics has a leader; false when the timeout passed first. */
    public static boolean awaitLeaders(Admin admin, Collection<String> topics, Duration timeout) {
        return until(() -> Futures.get(admin.describeTopics(topics).allTopicNames(), timeout).values().stream()
                .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())), timeout);
    }

    /** True once none of the topics is listed any more; false when the timeout passed first. */
    public static boolean awaitGone(Admin admin, Collection<String> topics, Duration timeout) {
        return until(() -> Futures.get(admin.listTopics().names(), timeout).stream().noneMatch(topics::contains), timeout);
    }

    /** Asks every 50 ms, through retriable errors, until the condition holds (true) or the timeout passed (false). */
    private static boolean until(CheckedSupplier<Boolean> condition, Duration timeout) {
        RetryPolicy<Boolean> policy = RetryPolicy.<Boolean>builder().handleResult(false)
                .handle(org.apache.kafka.common.errors.RetriableException.class).withDelay(POLL)
                .withMaxRetries(-1).withMaxDuration(timeout).build();
        return Failsafe.with(policy).get(condition);
    }
}
