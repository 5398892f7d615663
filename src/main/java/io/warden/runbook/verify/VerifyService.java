package io.warden.runbook.verify;

import io.warden.comply.CertificateCheck;
import io.warden.comply.SecurityStatus;
import io.warden.kafka.KafkaConnection;
import io.warden.snapshot.Snapshot;
import io.warden.watch.CheckSettings;
import io.warden.watch.CycleResult;
import io.warden.watch.Finding;
import io.warden.watch.QuorumHealth;
import io.warden.watch.Severity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The checklist to run after a change (a rolling restart, an upgrade, a reassignment): one snapshot
 * judged by the watch checks, grouped into checklist lines, plus a canary round trip.
 */
public final class VerifyService {

    private final KafkaConnection connection;
    private final Clock clock;

    public VerifyService(KafkaConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    public List<VerifyCheck> verify(VerifyOptions options) {
        CheckSettings settings = options.checks();
        CycleResult status = SecurityStatus.service(connection, settings, options.certificates(), clock)
                .status(options.expectedBrokers());
        Snapshot s = status.history().latest();
        List<Finding> findings = status.findings();
        List<VerifyCheck> checks = new ArrayList<>();
        var brokers = s.cluster().brokers().stream().map(b -> b.id()).sorted().toList();
        checks.add(line("brokers", findings, Set.of("broker-down", "cluster-unreachable"),
                brokers.size() + " up: " + brokers + (options.expectedBrokers().isEmpty() ? "" : ", expected " + options.expectedBrokers().stream().sorted().toList())));
        checks.add(line("controller", findings, Set.of("controller-missing"), "active controller " + s.cluster().controllerId()
                + (s.cluster().quorum() == null ? "" : ", quorum leader " + s.cluster().quorum().leaderId())));
        checks.add(line("quorum", findings, Set.of("quorum-voter-lagging", "quorum-majority-at-risk", "quorum-even-voters"),
                quorumEvidence(status.quorum())));
        int partitions = s.partitions().size();
        checks.add(line("offline-partitions", findings, Set.of("offline-partitions"), "0 of " + partitions + " partitions without a leader"));
        checks.add(line("under-replicated", findings, Set.of("under-replicated"), "0 of " + partitions + " partitions under-replicated"));
        checks.add(line("under-min-isr", findings, Set.of("under-min-isr"), "0 of " + partitions + " partitions below min.insync.replicas"));
        checks.add(new Canary(connection.admin(), connection.settings(), clock).roundTrip(options.canaryTopic(), brokers.size()));
        checks.add(line("consumer-lag", findings, Set.of("consumer-lag"), status.lags().size() + " group(s) below "
                + settings.lagWarning() + " messages of lag"));
        checks.add(line("disk", findings, Set.of("disk-usage", "log-dir-offline"), s.logDirs().size() + " log dir(s) below "
                + Math.round(settings.diskWarning() * 100) + " % use"));
        int endpoints = s.security() == null ? 0 : s.security().endpoints().size();
        checks.add(line("certificates", findings, Set.of(CertificateCheck.NAME, "certificate-unreadable", "certificate-hostname"),
                endpoints == 0 ? "no TLS endpoint" : endpoints + " TLS endpoint(s), every certificate valid for more than "
                        + options.certificates().warning().toDays() + " days and naming its host"));
        // lag is checked in messages: undated offsets (no READ on a topic) leave no line above incomplete
        var failures = s.failures().stream().filter(f -> !f.probe().equals("offset-times")).toList();
        boolean probeFailed = findings.stream().anyMatch(f -> f.check().equals("probe-failed"));
        if (probeFailed || !failures.isEmpty()) {
            checks.add(new VerifyCheck("probes", VerifyCheck.Status.WARN, failures.size() + " request(s) to the cluster failed; "
                    + "the lines above may be incomplete", failures.stream().map(f -> f.probe() + " " + f.target() + ": " + f.message()).toList()));
        }
        return checks;
    }

    /** Each voter with its lag and last caught-up age, as {@code kafka-metadata-quorum describe --replication} has them. */
    private static String quorumEvidence(QuorumHealth q) {
        if (q == null) {
            return "KRaft quorum not described";
        }
        return q.caughtUpVoters() + " of " + q.voters().size() + " voters caught up, tolerates " + q.failuresTolerated()
                + " more voter failure(s): " + q.voters().stream().map(v -> v.nodeId() + " " + v.status() + " lag " + v.lag()
                        + (v.lastCaughtUpTimestamp() < 0 ? "" : " caught up " + Math.max(0, q.asOfMillis() - v.lastCaughtUpTimestamp()) + " ms ago"))
                .collect(Collectors.joining(", "))
                + (q.observers().isEmpty() ? "" : "; observers " + q.observers().stream().map(o -> o.nodeId() + " lag " + o.lag())
                        .collect(Collectors.joining(", ")));
    }

    /** The worst status: the Nagios exit code of the checklist. */
    public static VerifyCheck.Status worst(List<VerifyCheck> checks) {
        return checks.stream().map(VerifyCheck::status).max(Enum::compareTo).orElse(VerifyCheck.Status.PASS);
    }

    private static VerifyCheck line(String name, List<Finding> findings, Set<String> checks, String passEvidence) {
        List<Finding> mine = findings.stream().filter(f -> checks.contains(f.check())).toList();
        if (mine.isEmpty()) {
            return new VerifyCheck(name, VerifyCheck.Status.PASS, passEvidence, List.of());
        }
        Function<Severity, VerifyCheck.Status> status = sev -> sev == Severity.CRITICAL || sev == Severity.UNKNOWN
                ? VerifyCheck.Status.FAIL : sev == Severity.WARNING ? VerifyCheck.Status.WARN : VerifyCheck.Status.PASS;
        VerifyCheck.Status worst = mine.stream().map(f -> status.apply(f.severity())).max(Enum::compareTo).orElseThrow();
        return new VerifyCheck(name, worst, mine.stream().map(Finding::message).collect(Collectors.joining("; ")),
                mine.stream().map(f -> f.key() + " " + f.evidence()).toList());
    }
}
