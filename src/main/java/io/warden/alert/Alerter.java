package io.warden.alert;

import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The alert lifecycle. Each cycle's findings go in with the cycle's time; what comes out are the
 * events worth telling: an alert fired (after its rule's {@code for:}), is still firing after the
 * repeat interval, changed severity, or resolved. One alert per finding key, so a problem that
 * stays is told once. A silenced event comes out as {@link AlertEvent.Type#SILENCED} so it can be
 * audited but not sent. Driven by the watch thread only; holds state between cycles, no I/O.
 */
public final class Alerter {

    private final String cluster;
    private final List<AlertRule> rules;
    private final Supplier<List<Silence>> silences;
    private final Map<String, State> states = new LinkedHashMap<>();
    private final Map<String, double[]> lastValues = new HashMap<>();
    /** What readers on other threads (the HTTP API) see: replaced whole after each cycle. */
    private volatile List<State> published = List.of();

    private static final class State {
        Alert alert;
        Instant lastSent;
        boolean firing;
        /** The last event told was swallowed by a silence: tell it when the silence ends. */
        boolean lastSilenced;
        /** A silence in force at the last cycle covers it. */
        boolean silenced;

        State copy() {
            State s = new State();
            s.alert = alert;
            s.lastSent = lastSent;
            s.firing = firing;
            s.lastSilenced = lastSilenced;
            s.silenced = silenced;
            return s;
        }
    }

    /**
     * @param rules    in order: the first rule that matches a finding decides
     * @param silences the silences in force, read every cycle (they change from the CLI and API)
     */
    public Alerter(String cluster, List<AlertRule> rules, Supplier<List<Silence>> silences) {
        this.cluster = cluster;
        this.rules = List.copyOf(rules);
        this.silences = silences;
    }

    public List<AlertEvent> evaluate(List<Finding> findings, Instant now) {
        List<AlertEvent> events = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        List<Silence> active = silences.get().stream().filter(s -> s.activeAt(now)).toList();
        for (Finding f : findings) {
            AlertRule rule = rules.stream().filter(r -> r.matches(f, cluster)).findFirst().orElse(null);
            if (rule == null) {
                continue;
            }
            Severity severity = rule.grade(f, ratePerMinute(f, now));
            if (severity == null) {
                continue;
            }
            seen.put(f.key(), true);
            State state = states.computeIfAbsent(f.key(), k -> new State());
            Instant since = state.alert == null ? now : state.alert.activeSince();
            Severity before = state.alert == null ? null : state.alert.severity();
            state.alert = alert(f, rule, severity, since, state.firing ? state.alert.firingSince() : null);
            AlertEvent.Type type = null;
            if (!state.firing) {
                if (!now.isBefore(since.plus(rule.forDuration()))) {
                    state.firing = true;
                    state.alert = alert(f, rule, severity, since, now);
                    type = AlertEvent.Type.FIRED;
                }
            } else if (before != severity || (state.lastSilenced && !silenced(state.alert, active))) {
                type = AlertEvent.Type.FIRED;
            } else if (!now.isBefore(state.lastSent.plus(rule.repeatInterval()))) {
                type = AlertEvent.Type.REMINDER;
            }
            if (type != null) {
                AlertEvent e = event(type, state.alert, now, active);
                state.lastSent = now;
                state.lastSilenced = e.type() == AlertEvent.Type.SILENCED;
                events.add(e);
            }
        }
        var gone = states.entrySet().iterator();
        while (gone.hasNext()) {
            var entry = gone.next();
            if (!seen.containsKey(entry.getKey())) {
                if (entry.getValue().firing) {
                    events.add(event(AlertEvent.Type.RESOLVED, entry.getValue().alert, now, active));
                }
                gone.remove();
            }
        }
        states.values().forEach(s -> s.silenced = silenced(s.alert, active));
        published = states.values().stream().map(State::copy).toList();
        return events;
    }

    /**
     * What the alert lifecycle remembers of one alert, so another instance that takes the cluster
     * over continues it: no second page for an alert already sent, {@code for:} counted from the
     * same start.
     *
     * @param lastSent     when its last event was told (sent or swallowed by a silence); null while pending
     * @param lastSilenced the last event told was swallowed by a silence
     */
    public record Saved(Alert alert, boolean firing, Instant lastSent, boolean lastSilenced) {
    }

    /** Every alert pending or firing after the last cycle, as {@link #restore} takes it back. */
    public List<Saved> saved() {
        return published.stream().map(s -> new Saved(s.alert, s.firing, s.lastSent, s.lastSilenced)).toList();
    }

    /** Continues from what another instance saved; before the first cycle only. */
    public void restore(List<Saved> saved) {
        for (Saved s : saved) {
            State state = new State();
            state.alert = s.alert();
            state.firing = s.firing();
            state.lastSent = s.lastSent();
            state.lastSilenced = s.lastSilenced();
            states.put(s.alert().key(), state);
        }
        published = states.values().stream().map(State::copy).toList();
    }

    /** Alerts pending or firing after the last cycle; safe to call from any thread. */
    public List<Alert> active() {
        return published.stream().map(s -> s.alert).toList();
    }

    /** Alerts firing after the last cycle; safe to call from any thread. */
    public List<Alert> firing() {
        return published.stream().filter(s -> s.firing).map(s -> s.alert).toList();
    }

    /**
     * Alerts firing after the last cycle that no silence in force then covers: what a channel that
     * must be told again and again (Alertmanager) is re-sent. Safe to call from any thread.
     */
    public List<Alert> firingUnsilenced() {
        return published.stream().filter(s -> s.firing && !s.silenced).map(s -> s.alert).toList();
    }

    private Double ratePerMinute(Finding f, Instant now) {
        double[] last = lastValues.put(f.key(), new double[] {f.value(), now.toEpochMilli()});
        if (last == null || now.toEpochMilli() <= (long) last[1]) {
            return null;
        }
        double minutes = (now.toEpochMilli() - last[1]) / 60_000.0;
        return (f.value() - last[0]) / minutes;
    }

    private Alert alert(Finding f, AlertRule rule, Severity severity, Instant since, Instant firingSince) {
        Map<String, String> labels = new LinkedHashMap<>(f.labels());
        labels.putAll(rule.labels());
        return new Alert(f.key(), rule.name(), severity, cluster, since, firingSince, f, labels, rule.runbook());
    }

    private static AlertEvent event(AlertEvent.Type type, Alert alert, Instant now, List<Silence> silences) {
        return new AlertEvent(silenced(alert, silences) ? AlertEvent.Type.SILENCED : type, alert, now);
    }

    private static boolean silenced(Alert alert, List<Silence> silences) {
        return silences.stream().anyMatch(s -> s.matches(alert));
    }

    /** How long an alert has been active at {@code now}, for messages. */
    public static Duration age(Alert alert, Instant now) {
        return Duration.between(alert.activeSince(), now);
    }
}
