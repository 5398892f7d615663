package io.warden.heal;

import io.warden.connect.ConnectClient;
import io.warden.connect.ConnectorStatus;
import java.util.Map;

/**
 * {@code restart-connector}: restarts a failed connector and its failed tasks through the Connect
 * REST API ({@code POST /connectors/NAME/restart?includeTasks=true&onlyFailed=true}), for alerts
 * with a {@code connector} label ({@code connector-failed}, {@code connector-task-failed}). Needs
 * {@code connect:} on the cluster; no settings of its own.
 */
public final class RestartConnectorProvider implements RecoveryActionProvider {

    @Override
    public String type() {
        return "restart-connector";
    }

    @Override
    public RecoveryAction create(Map<String, Object> settings, ActionResources resources) {
        if (!settings.isEmpty()) {
            throw new IllegalArgumentException("action restart-connector has no settings, got " + settings.keySet());
        }
        return new RecoveryAction() {
            @Override
            public String type() {
                return "restart-connector";
            }

            @Override
            public boolean affectsBrokers() {
                return false;
            }

            @Override
            public ActionResult run(ActionRequest request) throws InterruptedException {
                long start = System.nanoTime();
                ConnectClient connect = resources.connect();
                String name = request.target().get("connector");
                if (connect == null) {
                    return ActionResult.failed("no Kafka Connect is configured for cluster " + request.target().get("cluster")
                            + " (clusters[].connect.urls)", ActionResult.since(start));
                }
                if (name == null) {
                    return ActionResult.failed("restart-connector answers connector alerts; this alert has no connector label",
                            ActionResult.since(start));
                }
                try {
                    var states = connect.restartConnector(name);
                    return ActionResult.done("asked Connect to restart " + name + " and its failed tasks"
                            + states.map(RestartConnectorProvider::describe).orElse(""), ActionResult.since(start));
                } catch (RuntimeException e) {
                    return ActionResult.failed("restart of " + name + " refused: " + e.getMessage(), ActionResult.since(start));
                }
            }
        };
    }

    private static String describe(ConnectorStatus s) {
        return "; now connector " + s.state() + ", tasks " + s.tasks().stream().map(t -> t.id() + "=" + t.state()).toList();
    }

}
