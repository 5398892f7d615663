package io.warden.notify;

import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alerts as the alert package would build them, by hand. */
final class TestAlerts {

    static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    static final Instant ACTIVE_SINCE = NOW.minus(Duration.ofMinutes(12));
    static final Instant FIRING_SINCE = NOW.minus(Duration.ofMinutes(10));
    static final String LAG_RUNBOOK = "check the billing consumers: are they running and committing? 'warden lag -g billing'";
    static final String BROKER_RUNBOOK = "check broker 2's process and its server.log; restart it if it is down";

    private TestAlerts() {
    }

    /** Group billing behind on {@code partitions} partitions of orders; partition 0 is the worst. */
    static Alert lag(int partitions) {
        List<Map<String, Object>> top = new ArrayList<>();
        long total = 0;
        for (int p = 0; p < partitions; p++) {
            long lag = 60_000L - p * 1_000L;
            total += lag;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", "orders");
            m.put("partition", p);
            m.put("lag", lag);
            m.put("lagSeconds", 840.0 - p);
            top.add(m);
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("totalLag", total);
        evidence.put("status", "STALL");
        evidence.put("members", 3);
        evidence.put("trendPerMinute", 1250.5);
        evidence.put("topPartitions", top);
        Finding f = new Finding("consumer-lag/group=billing", "consumer-lag", Severity.CRITICAL, total,
                "group billing is " + total + " messages (14m) behind on orders; growing; status STALL",
                Map.of("group", "billing"), evidence);
        return new Alert(f.key(), "consumer-lag", Severity.CRITICAL, "prod", ACTIVE_SINCE, FIRING_SINCE, f,
                Map.of("group", "billing", "team", "payments"), LAG_RUNBOOK);
    }

    static Alert brokerDown() {
        Finding f = new Finding("broker-down/broker=2", "broker-down", Severity.CRITICAL, 1,
                "broker 2 is not registered with the controller; it holds replicas of 40 partitions",
                Map.of("broker", "2"), Map.of("brokerId", 2, "liveBrokers", List.of(1, 3)));
        return new Alert(f.key(), "broker-down", Severity.CRITICAL, "prod", ACTIVE_SINCE, FIRING_SINCE, f,
                Map.of("broker", "2"), BROKER_RUNBOOK);
    }

    /** Partition-level under-replication, one alert per partition: the case grouping exists for. */
    static Alert underReplicated(int partition, Severity severity) {
        Finding f = new Finding("under-replicated/topic=orders/partition=" + partition, "under-replicated", severity, 1,
                "orders-" + partition + " has 2 of 3 replicas in sync", Map.of("topic", "orders"),
                Map.of("isr", List.of(1, 3), "replicas", List.of(1, 2, 3)));
        return new Alert(f.key(), "under-replicated", severity, "prod", ACTIVE_SINCE, FIRING_SINCE, f,
                Map.of("topic", "orders"), "see which broker is missing from the ISR");
    }

    static Alert dlq() {
        Finding f = new Finding("dlq-depth/topic=orders.dlq", "dlq-depth", Severity.WARNING, 250,
                "DLQ orders.dlq holds 250 messages", Map.of("topic", "orders.dlq"), Map.of("messages", 250));
        return new Alert(f.key(), "dlq-depth", Severity.WARNING, "prod", NOW.minus(Duration.ofMinutes(20)),
                NOW.minus(Duration.ofMinutes(18)), f, Map.of("topic", "orders.dlq"), "inspect orders.dlq with 'warden dlq show'");
    }

    static AlertEvent fired(Alert a) {
        return new AlertEvent(AlertEvent.Type.FIRED, a, NOW);
    }

    static AlertEvent resolved(Alert a) {
        return new AlertEvent(AlertEvent.Type.RESOLVED, a, NOW.plus(Duration.ofMinutes(2)));
    }

    static Notification notification(AlertEvent... events) {
        return new Notification("prod", NOW, List.of(events));
    }

    static Notification manyUnderReplicated(int count) {
        List<AlertEvent> events = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            events.add(fired(underReplicated(p, Severity.WARNING)));
        }
        return new Notification("prod", NOW, events);
    }
}
