package io.warden.daemon;

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
 * per channel — or, in a dry run, print what would be sent and send nothing. Channels that forget an
 * alert not told again (Alertmanager) are re-sent every alert still firing, at their own interval.
 */
final class AlertingListener implements WatchLoop.Listener {

    private final String cluster;
    private final Alerter alerter;
    private final Dispatcher dispatcher;
    private final AuditTrail audit;
    private final PrintWriter out;
    private final String prefix;
    private final boolean dryRun;
    private final io.warden.daemon.ha.ClusterLease lease; // null when this instance watches alone
    private List<Finding> previous = List.of();

    /** @param prefix put before each printed line, e.g. the cluster's name when the daemon watches several */
    AlertingListener(String cluster, Alerter alerter, Dispatcher dispatcher, AuditTrail audit, PrintWriter out, String prefix,
                     boolean dryRun) {
        this(cluster, alerter, dispatcher, audit, out, prefix, dryRun, null);
    }

    /**
     * @param lease this instance's ownership of the cluster in a fleet: the alert lifecycle is kept
     *              there before anything is sent, and nothing is sent when that is refused
     */
    AlertingListener(String cluster, Alerter alerter, Dispatcher dispatcher, AuditTrail audit, PrintWriter out, String prefix,
                     boolean dryRun, io.warden.daemon.ha.ClusterLease lease) {
        this.lease = lease;
        this.cluster = cluster;
        this.prefix = prefix;
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
        // one print per cycle, so clusters watched side by side never interleave their lines
        var text = new StringBuilder();
        changes.raised().forEach(f -> line(text, "  + %-8s %s", f.severity(), f.message()));
        changes.changed().forEach(f -> line(text, "  ~ %-8s %s", f.severity(), f.message()));
        changes.resolved().forEach(f -> line(text, "  - RESOLVED %s", f.message()));
        changes.raised().forEach(f -> audit.append(finding("finding.raised", f, now)));
        changes.changed().forEach(f -> audit.append(finding("finding.changed", f, now)));
        changes.resolved().forEach(f -> audit.append(finding("finding.resolved", f, now)));

        List<AlertEvent> events = alerter.evaluate(result.findings(), now);
        events.forEach(e -> audit.append(alert(e)));
        List<AlertEvent> toSend = events.stream().filter(e -> e.type() != AlertEvent.Type.SILENCED).toList();
        events.forEach(e -> line(text, "  ! %-9s %-8s %s%s", e.type(), e.alert().severity(), e.alert().finding().message(),
                e.type() == AlertEvent.Type.SILENCED ? " (silenced)" : ""));
        // kept before it is told: an instance that takes the cluster over must not tell it again
        if (lease != null && !dryRun && !lease.keepAlerts(alerter.saved())) {
            line(text, "  the home cluster refused to record %s's alerts from this instance: nothing sent (a newer owner "
                    + "tells them, or /health says why no write can succeed)", cluster);
            audit.append(new AuditEvent(now, "ha.write-refused", cluster, null, Map.of("events", events.size())));
        } else if (dryRun) {
            if (!toSend.isEmpty()) {
                line(text, "  dry run: would notify %s of %d event(s)", dispatcher.channels(), toSend.size());
            }
        } else {
            dispatcher.dispatch(new Notification(cluster, now, toSend));
            dispatcher.resend(new Notification(cluster, now, stillFiring(toSend, now)));
        }
        if (text.length() > 0) {
            out.print(text);
            out.flush();
        }
    }

    /** The firing alerts not told in this cycle's events, for the channels that forget what is not repeated. */
    private List<AlertEvent> stillFiring(List<AlertEvent> told, java.time.Instant now) {
        var keys = told.stream().map(e -> e.alert().key()).collect(java.util.stream.Collectors.toSet());
        return alerter.firingUnsilenced().stream().filter(a -> !keys.contains(a.key()))
                .map(a -> new AlertEvent(AlertEvent.Type.REMINDER, a, now)).toList();
    }

    private void line(StringBuilder text, String format, Object... args) {
        text.append(prefix).append(String.format(format, args)).append(System.lineSeparator());
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
