package io.warden.cli;

import io.warden.alert.AlertEvent;
import io.warden.alert.Alerter;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditTrail;
import io.warden.notify.Dispatcher;
import io.warden.notify.Notification;
import io.warden.watch.CycleResult;
import io.warden.watch.Finding;
import io.warden.watch.FindingChanges;
import io.warden.watch.WatchLoop;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * After each cycle: print and audit the findings raised, re-graded and resolved, run the alert
 * lifecycle, print and audit every alert event, and send what is not silenced as one notification
 * per channel — or, in a dry run, print what would be sent and send nothing.
 */
final class AlertingListener implements WatchLoop.Listener {

    private final String cluster;
    private final Alerter alerter;
    private final Dispatcher dispatcher;
    private final AuditTrail audit;
    private final PrintWriter out;
    private final boolean dryRun;
    private List<Finding> previous = List.of();

    AlertingListener(String cluster, Alerter alerter, Dispatcher dispatcher, AuditTrail audit, PrintWriter out, boolean dryRun) {
        this.cluster = cluster;
        this.alerter = alerter;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.out = out;
        this.dryRun = dryRun;
    }

    @Override
    public void onCycle(CycleResult result, Duration took) {
        var now = result.history().latest().takenAt();
        var changes = FindingChanges.between(previous, result.findings());
        previous = result.findings();
        changes.raised().forEach(f -> out.printf("  + %-8s %s%n", f.severity(), f.message()));
        changes.changed().forEach(f -> out.printf("  ~ %-8s %s%n", f.severity(), f.message()));
        changes.resolved().forEach(f -> out.printf("  - RESOLVED %s%n", f.message()));
        changes.raised().forEach(f -> audit.append(finding("finding.raised", f, now)));
        changes.changed().forEach(f -> audit.append(finding("finding.changed", f, now)));
        changes.resolved().forEach(f -> audit.append(finding("finding.resolved", f, now)));

        List<AlertEvent> events = alerter.evaluate(result.findings(), now);
        events.forEach(e -> audit.append(alert(e)));
        List<AlertEvent> toSend = events.stream().filter(e -> e.type() != AlertEvent.Type.SILENCED).toList();
        events.forEach(e -> out.printf("  ! %-9s %-8s %s%s%n", e.type(), e.alert().severity(), e.alert().finding().message(),
                e.type() == AlertEvent.Type.SILENCED ? " (silenced)" : ""));
        if (!toSend.isEmpty()) {
            var notification = new Notification(cluster, now, toSend);
            if (dryRun) {
                out.printf("  dry run: would notify %s of %d event(s)%n", dispatcher.channels(), toSend.size());
            } else {
                dispatcher.dispatch(notification);
            }
        }
        out.flush();
    }

    private AuditEvent finding(String type, Finding f, java.time.Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("severity", f.severity().name());
        data.put("value", f.value());
        data.put("message", f.message());
        data.put("evidence", f.evidence());
        return new AuditEvent(now, type, cluster, f.key(), data);
    }

    private AuditEvent alert(AlertEvent e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rule", e.alert().rule());
        data.put("severity", e.alert().severity().name());
        data.put("message", e.alert().finding().message());
        data.put("activeSince", e.alert().activeSince().toString());
        if (e.alert().firingSince() != null) {
            data.put("firingSince", e.alert().firingSince().toString());
        }
        data.put("labels", e.alert().labels());
        data.put("evidence", e.alert().finding().evidence());
        data.put("dryRun", dryRun);
        return new AuditEvent(e.at(), "alert." + e.type().name().toLowerCase(Locale.ROOT), cluster, e.alert().key(), data);
    }
}
