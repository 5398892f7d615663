package io.warden.heal;

import io.warden.Lifecycle;
import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditTrail;
import io.warden.heal.Decision.Act;
import io.warden.heal.Decision.Escalate;
import io.warden.notify.Notification;
import io.warden.snapshot.BrokerInfo;
import io.warden.snapshot.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-healing for one cluster. After each watch cycle it gets the firing alerts; on its own
 * thread (the only writer of the healing state) it asks {@link HealPolicy} what to do about each
 * alert a playbook answers, records every decision that changed in the audit trail, starts actions
 * on action threads, verifies them by the alert resolving within the step's cycles, backs off and
 * retries, and escalates with the whole story when the playbook cannot or may not help. The state
 * is saved after every change, so a restart continues where it stopped: {@link #start()} records
 * an attempt the last stop cut short, then starts the threads.
 */
public final class Healer implements Lifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Healer.class);

    private final String cluster;
    private final List<Playbook> playbooks;
    private final HealPolicy policy;
    private final HealStateStore store;
    private final HealPause pause;
    private final AuditTrail audit;
    private final Consumer<Notification> notify;
    private final HealListener listener;
    private final Clock clock;
    private final boolean dryRun;
    private final SecretMask mask;
    private final HealState state;
    private volatile ExecutorService thread; // null until start()
    private volatile ExecutorService actions;
    private volatile boolean stopping;
    private volatile Instant busySince; // when the healing thread took up the work it is on, null when idle
    private String lastPause;

    /**
     * @param dryRun decide, record and print, but run nothing and send nothing ({@code watch --dry-run})
     */
    public Healer(String cluster, List<Playbook> playbooks, HealPolicy policy, HealStateStore store, HealPause pause,
                  AuditTrail audit, Consumer<Notification> notify, HealListener listener, Clock clock, boolean dryRun) {
        this(cluster, playbooks, policy, store, pause, audit, notify, listener, clock, dryRun, System.getenv());
    }

    /** @param daemonEnv the daemon's environment: the values of its secret-looking variables are masked in every output */
    Healer(String cluster, List<Playbook> playbooks, HealPolicy policy, HealStateStore store, HealPause pause,
           AuditTrail audit, Consumer<Notification> notify, HealListener listener, Clock clock, boolean dryRun,
           Map<String, String> daemonEnv) {
        this.mask = SecretMask.ofSecretsIn(daemonEnv);
        this.cluster = cluster;
        this.playbooks = List.copyOf(playbooks);
        this.policy = policy;
        this.store = store;
        this.pause = pause;
        this.audit = audit;
        this.notify = notify;
        this.listener = listener;
        this.clock = clock;
        this.dryRun = dryRun;
        this.state = store.load();
    }

    @Override
    public synchronized Healer start() {
        if (thread != null || stopping) {
            throw new IllegalStateException("healer of " + cluster + " was already started");
        }
        if (!dryRun) {
            interruptedByLastStop();
        }
        thread = Executors.newSingleThreadExecutor(daemon("warden-heal-" + cluster));
        actions = Executors.newCachedThreadPool(daemon("warden-heal-action-" + cluster));
        return this;
    }

    /**
     * Why the healing thread is not taking work: not started, stopped, or on one cycle's decisions for
     * longer than {@code limit}. A long recovery action does not count: it runs on its own thread.
     */
    @Override
    public synchronized Optional<String> stalled(Duration limit) {
        if (thread == null || stopping || thread.isShutdown()) {
            return Optional.of(thread == null && !stopping ? "not started" : "stopped");
        }
        Instant since = busySince;
        Duration busy = since == null ? Duration.ZERO : Duration.between(since, clock.instant());
        return busy.compareTo(limit) > 0
                ? Optional.of("healing thread busy with one cycle for " + busy.toSeconds() + "s, limit " + limit.toSeconds() + "s")
                : Optional.empty();
    }

    /**
     * Hands the latest cycle's view and firing alerts to the healing thread; returns at once.
     *
     * @param silenced keys of the firing alerts a silence covers: kept, but not acted on
     */
    public void onCycle(Snapshot latest, List<Alert> firing, java.util.Set<String> silenced) {
        if (thread == null) {
            throw new IllegalStateException("healer of " + cluster + " is not started");
        }
        if (!stopping && !playbooks.isEmpty()) {
            var quiet = java.util.Set.copyOf(silenced);
            thread.execute(() -> guarded(() -> cycle(latest, List.copyOf(firing), quiet)));
        }
    }

    /** An attempt that was running when Warden last stopped without recording its end. */
    private void interruptedByLastStop() {
        Instant now = clock.instant();
        for (Incident inc : state.incidents.values()) {
            if (inc.running()) {
                Attempt a = inc.last();
                inc.replaceLast(new Attempt(a.step(), a.action(), a.number(), a.startedAt(), now, "INTERRUPTED", null,
                        "Warden stopped while this ran; its end was not seen"));
                inc.nextAttemptAt = now.plus(retry(inc, a.step()).delayAfter((int) failedOf(inc, a.step())));
                audit(now, "heal.action.finished", inc.key, attemptData(inc, inc.last()));
            }
        }
        save();
    }

    private void cycle(Snapshot latest, List<Alert> firing, java.util.Set<String> silenced) {
        Instant now = latest.takenAt();
        state.prune(now);
        for (BrokerInfo b : latest.cluster().brokers()) {
            state.brokers.put(b.id(), b.host() + ":" + b.port());
        }
        String paused = pause.reason();
        listener.paused(paused != null);
        if (!java.util.Objects.equals(paused, lastPause)) {
            audit(now, paused == null ? "heal.resumed" : "heal.paused", null, Map.of("reason", String.valueOf(paused)));
            lastPause = paused;
        }
        Map<String, Alert> byKey = new LinkedHashMap<>();
        firing.forEach(a -> byKey.put(a.key(), a));
        for (Incident inc : new ArrayList<>(state.incidents.values())) {
            if (!byKey.containsKey(inc.key) && !inc.running()) {
                resolved(inc, now);
            } else if (byKey.containsKey(inc.key) && inc.verifyCyclesLeft > 0 && --inc.verifyCyclesLeft == 0) {
                Attempt a = inc.last().withOutcome("UNVERIFIED");
                inc.replaceLast(a);
                inc.nextAttemptAt = now.plus(retry(inc, a.step()).delayAfter((int) failedOf(inc, a.step())));
                audit(now, "heal.action.unverified", inc.key, attemptData(inc, a));
                listener.attempt(a.action(), "UNVERIFIED");
            }
        }
        ClusterView view = ClusterView.of(latest);
        for (Alert alert : firing) {
            Playbook playbook = playbooks.stream().filter(p -> p.matches(alert)).findFirst().orElse(null);
            if (playbook != null) {
                Incident inc = state.incidents.computeIfAbsent(alert.key(), k -> new Incident(k, playbook.name(), alert.activeSince()));
                var context = new HealPolicy.Context(view, silenced.contains(alert.key()), paused, brokerActionRunning(), state.actionsSince(now.minusSeconds(3600)),
                        state.cooldownUntil.get(alert.key()), now);
                Decision d = refusedOrAsDecided(alert, playbook, policy.decide(alert, playbook, inc, context));
                if (dryRun && d instanceof Act act && !act.dryRun()) {
                    d = new Act(act.step(), act.action(), act.attempt(), true, "dry run: would " + act.reason());
                }
                apply(alert, playbook, inc, d, now);
            }
        }
        save();
    }

    /** An attempt its action refuses for this alert (a name from the cluster it will not pass on) escalates instead. */
    private Decision refusedOrAsDecided(Alert alert, Playbook playbook, Decision d) {
        if (d instanceof Act act) {
            String refusal = playbook.steps().get(act.step()).action().refusal(new ActionRequest(alert, target(alert), act.attempt()));
            if (refusal != null) {
                return new Escalate(refusal);
            }
        }
        return d;
    }

    private void apply(Alert alert, Playbook playbook, Incident inc, Decision d, Instant now) {
        String summary = d.getClass().getSimpleName().toLowerCase(Locale.ROOT) + ": " + d.reason();
        if (!summary.equals(inc.lastDecision)) {
            inc.lastDecision = summary;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("decision", d.getClass().getSimpleName().toUpperCase(Locale.ROOT));
            data.put("reason", d.reason());
            data.put("playbook", playbook.name());
            data.put("mode", playbook.mode().name());
            data.put("alertSince", inc.alertSince.toString());
            data.put("evidence", alert.finding() == null ? Map.of() : alert.finding().evidence());
            audit(now, "heal.decided", inc.key, data);
            log.info("event=heal_decided cluster={} key=\"{}\" decision=\"{}\"", cluster, inc.key, summary);
        }
        if (d instanceof Act act && act.dryRun()) {
            inc.dryRunTold = true;
            Attempt a = new Attempt(act.step(), act.action(), act.attempt(), now, now, "DRY_RUN", null, null);
            inc.attempts.add(a);
            listener.attempt(act.action(), "DRY_RUN");
            tell(AlertEvent.Type.HEALING, alert, now, "Dry run: Warden would run " + act.action() + " now ("
                    + act.reason() + ") but ran nothing.");
        } else if (d instanceof Act act) {
            start(alert, playbook, inc, act, now);
        } else if (d instanceof Escalate e) {
            inc.escalatedAt = now;
            String story = story(alert, playbook, inc, e.reason());
            audit(now, "heal.escalated", inc.key, Map.of("playbook", playbook.name(), "reason", e.reason(), "story", story));
            listener.escalation(playbook.name());
            log.warn("event=heal_escalated cluster={} key=\"{}\" reason=\"{}\"", cluster, inc.key, e.reason());
            save(); // kept before it is told: whoever continues this cluster must not tell it again
            tell(AlertEvent.Type.ESCALATED, alert, now, story);
        }
    }

    private void start(Alert alert, Playbook playbook, Incident inc, Act act, Instant now) {
        Playbook.Step step = playbook.steps().get(act.step());
        Attempt a = new Attempt(act.step(), act.action(), act.attempt(), now, null, "RUNNING", null, null);
        inc.attempts.add(a);
        inc.nextAttemptAt = null;
        state.actions.add(now);
        save(); // before it runs: a crash now must not forget that it ran
        audit(now, "heal.action.started", inc.key, attemptData(inc, a));
        if (inc.attempts.stream().filter(x -> !"DRY_RUN".equals(x.outcome())).count() == 1) {
            tell(AlertEvent.Type.HEALING, alert, now, "Warden is running " + act.action() + " (" + act.reason() + ").");
        }
        var request = new ActionRequest(alert, target(alert), act.attempt());
        actions.execute(() -> {
            ActionResult result;
            try {
                result = step.action().run(request);
            } catch (InterruptedException e) {
                result = new ActionResult(ActionResult.Outcome.INTERRUPTED, null, "stopped because Warden is shutting down",
                        Duration.ZERO);
            } catch (RuntimeException e) {
                result = ActionResult.failed("the action failed: " + e, Duration.ZERO);
            }
            ActionResult done = result;
            thread.execute(() -> guarded(() -> finished(inc.key, done)));
        });
    }

    /** A dry run ({@code watch --dry-run}) leaves the real daemon's state as it found it. */
    private void save() {
        if (!dryRun) {
            store.save(state);
        }
    }

    private void finished(String key, ActionResult r) {
        Incident inc = state.incidents.get(key);
        if (inc == null || !inc.running()) {
            return;
        }
        Instant now = clock.instant();
        Attempt a = inc.last();
        // whatever the action: a plugin's error or a client exception may quote a secret too
        Attempt ended = new Attempt(a.step(), a.action(), a.number(), a.startedAt(), now, r.outcome().name(), r.exitCode(),
                mask.apply(r.output()));
        inc.replaceLast(ended);
        Playbook playbook = playbook(inc);
        if (r.done()) {
            inc.verifyCyclesLeft = playbook == null ? 1 : playbook.steps().get(a.step()).verifyCycles();
        } else {
            inc.nextAttemptAt = now.plus(retry(inc, a.step()).delayAfter((int) failedOf(inc, a.step())));
        }
        save();
        audit(now, "heal.action.finished", key, attemptData(inc, ended));
        listener.attempt(a.action(), r.outcome().name());
        log.info("event=heal_action_finished cluster={} key=\"{}\" action={} attempt={} outcome={} exit={} took_ms={}",
                cluster, key, a.action(), a.number(), r.outcome(), r.exitCode(), r.took().toMillis());
    }

    private void resolved(Incident inc, Instant now) {
        state.incidents.remove(inc.key);
        boolean acted = inc.attempts.stream().anyMatch(a -> !"DRY_RUN".equals(a.outcome()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("playbook", inc.playbook);
        data.put("attempts", inc.attempts.size());
        Duration took = Duration.between(inc.alertSince, now);
        data.put("detectToRecoverSeconds", took.toSeconds());
        if (acted) {
            Attempt last = inc.last();
            if ("DONE".equals(last.outcome())) {
                inc.replaceLast(last.withOutcome("VERIFIED"));
            }
            state.cooldownUntil.put(inc.key, now.plus(policyCooldown()));
            data.put("lastAttempt", inc.last().outcome());
            data.put("escalated", inc.escalatedAt != null);
            audit(now, "heal.recovered", inc.key, data);
            if (inc.escalatedAt == null) {
                listener.recovered(inc.playbook, took); // after an escalation a human fixed it, not Warden
            }
            log.info("event=heal_recovered cluster={} key=\"{}\" detect_to_recover_s={}", cluster, inc.key, took.toSeconds());
        } else {
            data.put("reason", "the alert resolved before Warden acted");
            audit(now, "heal.not-needed", inc.key, data);
        }
    }

    private Duration policyCooldown() {
        return policy.limits().cooldown();
    }

    /** The whole story for a human: evidence, decision, each attempt and why self-healing stopped. */
    private String story(Alert alert, Playbook playbook, Incident inc, String reason) {
        StringBuilder s = new StringBuilder();
        s.append("Self-healing stopped: ").append(reason).append('\n');
        s.append("Evidence: ").append(alert.finding() == null ? alert.key() : alert.finding().message())
                .append(" (active since ").append(inc.alertSince).append(")\n");
        s.append("Playbook: ").append(playbook.name()).append(", mode ").append(playbook.mode().name().toLowerCase(Locale.ROOT))
                .append(", steps ").append(playbook.steps().stream().map(Playbook.Step::type).toList()).append('\n');
        List<Attempt> real = inc.attempts.stream().filter(a -> !"DRY_RUN".equals(a.outcome())).toList();
        if (real.isEmpty()) {
            s.append("Attempts: none — Warden did not act.\n");
        } else {
            s.append("Attempts:\n");
            for (Attempt a : real) {
                s.append("  ").append(a.action()).append(" #").append(a.number()).append(" at ").append(a.startedAt())
                        .append(": ").append(a.outcome());
                if (a.exitCode() != null) {
                    s.append(", exit code ").append(a.exitCode());
                }
                if (a.endedAt() != null) {
                    s.append(", took ").append(Duration.between(a.startedAt(), a.endedAt()).toMillis()).append(" ms");
                }
                s.append('\n');
                if (a.output() != null && !a.output().isBlank()) {
                    a.output().lines().limit(5).forEach(l -> s.append("      | ").append(l).append('\n'));
                }
            }
        }
        s.append("Warden will not act on this alert again until it resolves; a human must take over.");
        return s.toString();
    }

    private void tell(AlertEvent.Type type, Alert alert, Instant now, String detail) {
        if (!dryRun) {
            notify.accept(new Notification(cluster, now, List.of(new AlertEvent(type, alert, now, detail))));
        }
    }

    private Map<String, String> target(Alert alert) {
        Map<String, String> t = new LinkedHashMap<>(alert.labels());
        t.put("cluster", cluster);
        String broker = alert.labels().get("broker");
        if (broker != null) {
            t.put("broker.id", broker);
            try {
                String hostPort = state.brokers.get(Integer.parseInt(broker));
                if (hostPort != null) {
                    int colon = hostPort.lastIndexOf(':');
                    t.put("broker.host", hostPort.substring(0, colon));
                    t.put("broker.port", hostPort.substring(colon + 1));
                }
            } catch (NumberFormatException ignored) {
                // a label that is no broker id: no host to offer
            }
        }
        return t;
    }

    private String brokerActionRunning() {
        for (Incident inc : state.incidents.values()) {
            Playbook p = playbook(inc);
            if (inc.running() && p != null && p.steps().get(inc.last().step()).affectsBrokers()) {
                return inc.key;
            }
        }
        return null;
    }

    private Playbook playbook(Incident inc) {
        return playbooks.stream().filter(p -> p.name().equals(inc.playbook)).findFirst().orElse(null);
    }

    private RetrySpec retry(Incident inc, int step) {
        Playbook p = playbook(inc);
        return p == null || step >= p.steps().size() ? RetrySpec.DEFAULT : p.steps().get(step).retry();
    }

    private static long failedOf(Incident inc, int step) {
        return inc.attempts.stream().filter(a -> a.step() == step && a.failed()).count();
    }

    private Map<String, Object> attemptData(Incident inc, Attempt a) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("playbook", inc.playbook);
        data.put("action", a.action());
        data.put("step", a.step() + 1);
        data.put("attempt", a.number());
        data.put("outcome", a.outcome());
        data.put("startedAt", a.startedAt().toString());
        if (a.endedAt() != null) {
            data.put("tookMillis", Duration.between(a.startedAt(), a.endedAt()).toMillis());
        }
        if (a.exitCode() != null) {
            data.put("exitCode", a.exitCode());
        }
        if (a.output() != null) {
            data.put("output", a.output());
        }
        if (inc.nextAttemptAt != null) {
            data.put("nextAttemptAt", inc.nextAttemptAt.toString());
        }
        return data;
    }

    private void audit(Instant at, String type, String key, Map<String, Object> data) {
        audit.append(new AuditEvent(at, type, cluster, key, data));
    }

    private void guarded(Runnable work) {
        busySince = clock.instant();
        try {
            work.run();
        } catch (RuntimeException e) {
            // one bad cycle must not stop healing for good
            log.error("event=heal_failed cluster={} error=\"{}\"", cluster, e.toString(), e);
        } finally {
            busySince = null;
        }
    }

    /**
     * Stops within {@code wait}: no new decisions; running actions are awaited, then interrupted
     * (a command's process is killed), and their outcome is recorded and saved before returning.
     */
    @Override
    public boolean close(Duration wait) {
        ExecutorService decisions;
        ExecutorService running;
        synchronized (this) {
            stopping = true;
            decisions = thread;
            running = actions;
        }
        if (decisions == null) {
            return true;
        }
        running.shutdown();
        try {
            boolean clean = running.awaitTermination(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
            if (!clean) {
                running.shutdownNow();
                running.awaitTermination(10, TimeUnit.SECONDS);
            }
            decisions.shutdown();
            return decisions.awaitTermination(10, TimeUnit.SECONDS) && clean;
        } catch (InterruptedException e) {
            running.shutdownNow();
            decisions.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + (name.startsWith("warden-heal-action") ? "-" + n.incrementAndGet() : ""));
            t.setDaemon(true);
            return t;
        };
    }
}
