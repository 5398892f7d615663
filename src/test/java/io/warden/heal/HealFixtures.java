package io.warden.heal;

import io.warden.alert.Alert;
import io.warden.snapshot.BrokerInfo;
import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.Snapshot;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Hand-built alerts, cluster states and actions for the healing tests. */
final class HealFixtures {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private HealFixtures() {
    }

    static Alert brokerDown(int id, Instant since) {
        var f = new Finding("broker-down/broker=" + id, "broker-down", Severity.CRITICAL, 1, "broker " + id + " is not registered",
                Map.of("broker", String.valueOf(id)), Map.of("brokerId", id));
        return new Alert(f.key(), "broker-down", Severity.CRITICAL, "prod", since, since, f, f.labels(), "restart it");
    }

    /** Brokers 1..total, of which {@code down} are missing. */
    static Snapshot cluster(Instant at, int total, Integer... down) {
        Set<Integer> missing = Set.of(down);
        List<BrokerInfo> live = new ArrayList<>();
        Set<Integer> expected = new java.util.TreeSet<>();
        for (int id = 1; id <= total; id++) {
            expected.add(id);
            if (!missing.contains(id)) {
                live.add(new BrokerInfo(id, "kafka" + id + ".example.com", 9092, null));
            }
        }
        return new Snapshot(at, new ClusterInfo("cid", live, expected, 1, null), List.of(), List.of(), List.of(), Map.of(),
                List.of(), 5, null);
    }

    static Playbook playbook(HealMode mode, Duration grace, RecoveryAction... actions) {
        List<Playbook.Step> steps = new ArrayList<>();
        for (RecoveryAction a : actions) {
            steps.add(new Playbook.Step(a == null ? Playbook.Step.NOTIFY_ONLY : a.type(), a,
                    new RetrySpec(2, Duration.ofSeconds(10), 2.0, Duration.ofSeconds(60)), 2));
        }
        return new Playbook("restart-broker", java.util.regex.Pattern.compile("broker-down"), Map.of(), mode, grace, steps);
    }

    /** What a test's action does on each attempt. */
    interface Attempted {
        ActionResult run(ActionRequest request) throws InterruptedException;
    }

    /** A broker-affecting {@code restart-broker} action that does what {@code attempted} says. */
    static RecoveryAction restartBroker(Attempted attempted) {
        return new RecoveryAction() {
            @Override
            public String type() {
                return "restart-broker";
            }

            @Override
            public boolean affectsBrokers() {
                return true;
            }

            @Override
            public ActionResult run(ActionRequest request) throws InterruptedException {
                return attempted.run(request);
            }
        };
    }

    /** An action that answers from a script of results and counts its runs. */
    static final class ScriptedAction implements RecoveryAction {
        final List<ActionRequest> runs = new CopyOnWriteArrayList<>();
        final AtomicInteger exitCode;
        final boolean affectsBrokers;

        ScriptedAction(int exitCode, boolean affectsBrokers) {
            this.exitCode = new AtomicInteger(exitCode);
            this.affectsBrokers = affectsBrokers;
        }

        @Override
        public String type() {
            return "restart-broker";
        }

        @Override
        public boolean affectsBrokers() {
            return affectsBrokers;
        }

        @Override
        public ActionResult run(ActionRequest request) {
            runs.add(request);
            int exit = exitCode.get();
            return new ActionResult(exit == 0 ? ActionResult.Outcome.DONE : ActionResult.Outcome.FAILED, exit,
                    "restarting kafka on " + request.target().get("broker.host") + ": exit " + exit, Duration.ofMillis(5));
        }
    }

    /** A clock the test moves. */
    static final class MovingClock extends java.time.Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
