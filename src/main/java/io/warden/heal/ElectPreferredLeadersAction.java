package io.warden.heal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;

/** Preferred leader election through the Admin API; see {@link ElectPreferredLeadersProvider}. */
final class ElectPreferredLeadersAction implements RecoveryAction {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Admin admin;

    ElectPreferredLeadersAction(Admin admin) {
        this.admin = admin;
    }

    @Override
    public String type() {
        return "elect-preferred-leaders";
    }

    @Override
    public boolean affectsBrokers() {
        return true; // moves leadership, and with it load, between brokers
    }

    @Override
    public ActionResult run(ActionRequest request) throws InterruptedException {
        long start = System.nanoTime();
        Set<TopicPartition> partitions = partitions(request.alert().finding().evidence());
        Map<TopicPartition, Optional<Throwable>> results;
        try {
            results = admin.electLeaders(ElectionType.PREFERRED, partitions).partitions()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return ActionResult.failed("preferred leader election failed: " + cause, ActionResult.since(start));
        }
        int elected = 0;
        List<String> errors = new ArrayList<>();
        for (var e : results.entrySet()) {
            Throwable error = e.getValue().orElse(null);
            if (error == null) {
                elected++;
            } else if (!(error instanceof ElectionNotNeededException)) {
                errors.add(e.getKey() + ": " + error.getMessage());
            }
        }
        String summary = "elected the preferred leader of " + elected + " partition(s)"
                + (partitions == null ? " (all partitions asked)" : " of " + partitions.size() + " asked")
                + (errors.isEmpty() ? "" : "; " + errors.size() + " failed: " + String.join("; ", errors.subList(0, Math.min(10, errors.size()))));
        return errors.isEmpty() ? ActionResult.done(summary, ActionResult.since(start)) : ActionResult.failed(summary, ActionResult.since(start));
    }

    /**
     * The partitions a finding names: its {@code partitions} evidence, entries with {@code topic} and
     * {@code partition} (or {@code topic-N} strings). Null, meaning every partition, when it names
     * none or fewer than its {@code count} (the evidence lists only the first few).
     */
    static Set<TopicPartition> partitions(Map<String, Object> evidence) {
        if (!(evidence.get("partitions") instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        Set<TopicPartition> out = new HashSet<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m && m.get("topic") != null && m.get("partition") instanceof Number n) {
                out.add(new TopicPartition(String.valueOf(m.get("topic")), n.intValue()));
            } else if (o instanceof String s && s.lastIndexOf('-') > 0) {
                try {
                    out.add(new TopicPartition(s.substring(0, s.lastIndexOf('-')), Integer.parseInt(s.substring(s.lastIndexOf('-') + 1))));
                } catch (NumberFormatException ignored) {
                    // not a partition name: leave it out rather than elect the wrong thing
                }
            }
        }
        if (out.isEmpty() || evidence.get("count") instanceof Number count && count.intValue() > out.size()) {
            return null;
        }
        return out;
    }

}
