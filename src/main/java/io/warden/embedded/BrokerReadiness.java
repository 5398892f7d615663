package io.warden.embedded;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Waits until brokers of a {@link ProcessKafkaCluster} serve: they are in the cluster's metadata
 * and each answers a request of its own. Right after a kill -9 and a restart the metadata may still
 * hold the old registration, which says nothing about the new process; and Admin alone never
 * notices a node that died while starting, so the processes are watched too.
 */
final class BrokerReadiness implements AutoCloseable {

    private final Admin admin;

    BrokerReadiness(String bootstrap) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                // a restarted broker should be reachable again within a poll or two
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }

    /**
     * @return the brokers still not serving when the timeout ran out, empty when all serve
     * @throws IllegalStateException at once, with the end of its log, when a watched node has died
     */
    Set<Integer> await(Set<Integer> ids, Collection<KafkaNode> watched, Duration timeout) {
        RetryPolicy<Set<Integer>> poll = RetryPolicy.<Set<Integer>>builder()
                .handleResultIf(missing -> !missing.isEmpty())
                .abortOn(IllegalStateException.class)
                .withDelay(Duration.ofMillis(200))
                .withMaxRetries(-1)
                .withMaxDuration(timeout)
                .build();
        try {
            return Failsafe.with(poll).get(() -> {
                for (KafkaNode node : watched) {
                    if (!node.isAlive()) {
                        throw new IllegalStateException(node.name() + " exited while starting; end of "
                                + node.logFile + ":\n" + node.logTail(40));
                    }
                }
                return notServing(ids);
            });
        } catch (FailsafeException e) {
            throw new IllegalStateException("waiting for brokers " + ids + " failed: " + e.getCause(), e.getCause());
        }
    }

    private Set<Integer> notServing(Set<Integer> ids) {
        Set<Integer> missing = new TreeSet<>(ids);
        try {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).stream().map(Node::id).forEach(missing::remove);
            if (missing.isEmpty()) {
                // a broker resource is described by that broker itself, so only its live process can answer
                admin.describeConfigs(ids.stream().map(id -> new ConfigResource(ConfigResource.Type.BROKER,
                        Integer.toString(id))).toList()).all().get(3, TimeUnit.SECONDS);
            }
            return missing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for brokers " + ids, e);
        } catch (Exception notYet) {
            return missing.isEmpty() ? ids : missing;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }
}
