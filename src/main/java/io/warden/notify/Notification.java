package io.warden.notify;

import io.warden.alert.AlertEvent;
import java.time.Instant;
import java.util.List;

/**
 * The alert events of one cycle for one cluster, sent as one message per channel so that many
 * problems at once (200 lagging partitions, a broker and its partitions) page once, not 200 times.
 */
public record Notification(String cluster, Instant at, List<AlertEvent> events) {

    public Notification {
        events = List.copyOf(events);
    }
}
