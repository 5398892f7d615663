package io.warden.watch;

import io.warden.connect.ConnectState;
import io.warden.connect.ConnectStatus;
import io.warden.connect.ConnectorStatus;
import io.warden.connect.TaskStatus;
import io.warden.connect.WorkerProbe;
import io.warden.snapshot.SnapshotHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with a Connect cluster, from one {@link ConnectStatus}. Pure: no I/O, no clock.
 * <ul>
 *   <li>{@code connect-unreachable/worker=URL} WARNING for each worker that did not answer (or
 *       answered only with an error: refused credentials, not Connect) while another did: the
 *       cluster still runs, with one fewer worker or way in. UNKNOWN for every
 *       worker when none answered, and nothing else: without an answer nothing can be said about
 *       connectors, and absent data is not evidence that they failed.</li>
 *   <li>{@code connector-failed/connector=NAME} CRITICAL: the connector instance failed, so it
 *       reconfigures no tasks.</li>
 *   <li>{@code connector-task-failed/connector=NAME/task=N} CRITICAL: that task moves no data
 *       until restarted; Connect never restarts a failed task by itself.</li>
 *   <li>{@code connector-paused/connector=NAME} INFO for PAUSED or STOPPED: Connect enters those
 *       only on someone's request, so they are no failure to page about, but a forgotten pause
 *       moves no data either, so it is shown.</li>
 * </ul>
 * Evidence of failures carries the worker id and an excerpt of Connect's stack trace.
 */
public final class ConnectCheck implements Check {

    public static final String NAME = "connect";
    static final int MESSAGE_CHARS = 160;
    static final int TRACE_LINE_CHARS = 300;
    static final int TRACE_CAUSES = 3;

    @Override
    public String name() {
        return NAME;
    }

    /** The latest snapshot's Connect status; nothing when Connect is not watched. */
    @Override
    public List<Finding> evaluate(SnapshotHistory history) {
        if (history.isEmpty() || history.latest().connect() == null) {
            return List.of();
        }
        return evaluate(history.latest().connect());
    }

    public List<Finding> evaluate(ConnectStatus status) {
        List<Finding> findings = new ArrayList<>();
        boolean answered = status.answered();
        List<String> answering = status.workers().stream().filter(WorkerProbe::answered).map(WorkerProbe::url).toList();
        for (WorkerProbe worker : status.workers()) {
            if (!worker.answered()) {
                findings.add(unreachable(worker, answering, status));
            }
        }
        if (!answered) {
            return findings;
        }
        for (ConnectorStatus connector : status.connectors()) {
            if (connector.failed()) {
                findings.add(connectorFailed(connector));
            } else if (connector.state() == ConnectState.PAUSED || connector.state() == ConnectState.STOPPED) {
                findings.add(paused(connector));
            }
            for (TaskStatus task : connector.failedTasks()) {
                findings.add(taskFailed(connector, task));
            }
        }
        return findings;
    }

    private static Finding unreachable(WorkerProbe worker, List<String> answering, ConnectStatus status) {
        boolean none = answering.isEmpty();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("worker", worker.url());
        evidence.put("httpStatus", worker.httpStatus());
        evidence.put("error", worker.error());
        evidence.put("answeringWorkers", answering);
        evidence.put("takenAt", status.takenAt().toString());
        String message = none
                ? "no Connect worker answered, connectors unknown: " + worker.url() + " " + worker.error()
                : "Connect worker " + worker.url() + " " + worker.error() + " (" + answering.size() + " of "
                        + status.workers().size() + " workers answered)";
        return new Finding("connect-unreachable/worker=" + worker.url(), "connect-unreachable",
                none ? Severity.UNKNOWN : Severity.WARNING, 1, message, Map.of("worker", worker.url()), evidence);
    }

    private static Finding connectorFailed(ConnectorStatus c) {
        Map<String, Object> evidence = connectorEvidence(c);
        putIfPresent(evidence, "workerId", c.workerId());
        putIfPresent(evidence, "trace", excerpt(c.trace()));
        evidence.put("failedTasks", c.failedTasks().stream().map(TaskStatus::id).toList());
        return new Finding("connector-failed/connector=" + c.name(), "connector-failed", Severity.CRITICAL, 1,
                "connector " + c.name() + " failed" + on(c.workerId()) + headline(c.trace()),
                labels(c.name(), null, c.workerId()), evidence);
    }

    private static Finding taskFailed(ConnectorStatus c, TaskStatus t) {
        Map<String, Object> evidence = connectorEvidence(c);
        evidence.put("task", t.id());
        evidence.put("connectorState", c.state().name());
        putIfPresent(evidence, "workerId", t.workerId());
        putIfPresent(evidence, "trace", excerpt(t.trace()));
        return new Finding("connector-task-failed/connector=" + c.name() + "/task=" + t.id(), "connector-task-failed",
                Severity.CRITICAL, 1, "task " + t.id() + " of connector " + c.name() + " failed" + on(t.workerId())
                        + headline(t.trace()),
                labels(c.name(), t.id(), t.workerId()), evidence);
    }

    private static Finding paused(ConnectorStatus c) {
        Map<String, Object> evidence = connectorEvidence(c);
        evidence.put("state", c.state().name());
        putIfPresent(evidence, "workerId", c.workerId());
        return new Finding("connector-paused/connector=" + c.name(), "connector-paused", Severity.INFO, 1,
                "connector " + c.name() + " is " + c.state() + " and moves no data until resumed",
                labels(c.name(), null, c.workerId()), evidence);
    }

    private static Map<String, Object> connectorEvidence(ConnectorStatus c) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("connector", c.name());
        putIfPresent(evidence, "type", c.type());
        putIfPresent(evidence, "connectorClass", c.connectorClass());
        return evidence;
    }

    private static Map<String, String> labels(String connector, Integer task, String workerId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("connector", connector);
        if (task != null) {
            labels.put("task", Integer.toString(task));
        }
        putIfPresent(labels, "worker", workerId);
        return labels;
    }

    private static String on(String workerId) {
        return workerId == null ? "" : " on worker " + workerId;
    }

    private static String headline(String trace) {
        List<String> lines = traceLines(trace);
        return lines.isEmpty() ? "" : ": " + cut(lines.get(0), MESSAGE_CHARS);
    }

    /**
     * The exception line and its "Caused by:" lines: they say what went wrong, where the stack
     * frames between them only say where, and Connect keeps the whole trace for whoever wants it.
     */
    static String excerpt(String trace) {
        List<String> lines = traceLines(trace);
        if (lines.isEmpty()) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        kept.add(cut(lines.get(0), TRACE_LINE_CHARS));
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("Caused by:") && kept.size() <= TRACE_CAUSES) {
                kept.add(cut(line, TRACE_LINE_CHARS));
            }
        }
        return String.join("\n", kept);
    }

    private static List<String> traceLines(String trace) {
        return trace == null ? List.of() : trace.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String cut(String line, int max) {
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }

    private static <V> void putIfPresent(Map<String, V> map, String key, V value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
