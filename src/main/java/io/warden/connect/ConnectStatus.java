package io.warden.connect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one Connect cluster looked like at one instant: which worker URLs answered and, from the
 * first that did, every connector with its tasks. When no worker answered, {@code connectors} is
 * empty and means "unknown", not "none": see {@link #answered()}.
 *
 * @param takenAt    when the status was read
 * @param workers    one probe per configured worker URL, in configured order
 * @param connectors every connector, ordered by name
 */
public record ConnectStatus(Instant takenAt, List<WorkerProbe> workers, List<ConnectorStatus> connectors) {

    public ConnectStatus {
        workers = List.copyOf(workers);
        connectors = List.copyOf(connectors);
    }

    /** True when at least one worker answered, so {@link #connectors()} is the real list. */
    public boolean answered() {
        return workers.stream().anyMatch(WorkerProbe::answered);
    }

    public Optional<ConnectorStatus> connector(String name) {
        return connectors.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
