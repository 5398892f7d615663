package io.warden.connect;

import java.util.List;

/**
 * One connector as Connect reported it, with its tasks. Its configuration is deliberately not
 * kept beyond the connector class: connector configs often hold credentials.
 *
 * @param name           connector name
 * @param type           {@code source} or {@code sink} (as Connect spells it); null if not reported
 * @param connectorClass {@code connector.class} from its config; null if not reported
 * @param state          state of the connector instance itself
 * @param workerId       the worker running the connector instance; null if none
 * @param trace          stack trace of a FAILED connector, else null
 * @param tasks          its tasks, ordered by id
 */
public record ConnectorStatus(String name, String type, String connectorClass, ConnectState state,
                              String workerId, String trace, List<TaskStatus> tasks) {

    public ConnectorStatus {
        tasks = List.copyOf(tasks);
    }

    public boolean failed() {
        return state == ConnectState.FAILED;
    }

    public List<TaskStatus> failedTasks() {
        return tasks.stream().filter(TaskStatus::failed).toList();
    }
}
