package io.warden.comply;

import static io.warden.comply.CertificateCheck.text;

import io.warden.comply.ComplianceCheck.Status;
import io.warden.watch.Humanize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The audit's checks of PHI topics and of Warden's own audit trail. Pure. */
final class DataChecks {

    static final String RETENTION = "phi-retention";
    static final String REPLICATION = "phi-replication";
    static final String UNCLEAN = "phi-unclean-leader-election";
    static final String AUDIT_TRAIL = "audit-trail";

    private DataChecks() {
    }

    /**
     * The three PHI checks; none when no PHI pattern is set. With only part of the topics visible
     * (topics and an error), a check that found nothing wrong cannot pass: a hidden PHI topic may.
     */
    static List<ComplianceCheck> phi(ComplianceFacts facts, ComplianceOptions options) {
        List<ComplianceCheck> checks = phiOfVisible(facts, options);
        if (facts.topics() == null || facts.topicError() == null) {
            return checks;
        }
        return checks.stream().map(c -> c.status() == Status.FAIL ? c
                : ComplianceCheck.unknown(c.name(), c.summary() + "; but " + text(facts.topicError()), c.evidence())).toList();
    }

    private static List<ComplianceCheck> phiOfVisible(ComplianceFacts facts, ComplianceOptions options) {
        if (options.phiTopics() == null) {
            return List.of();
        }
        if (facts.topics() == null) {
            String why = "the topics or their configs could not be read: " + text(facts.topicError());
            return List.of(ComplianceCheck.unknown(RETENTION, why, List.of()), ComplianceCheck.unknown(REPLICATION, why, List.of()),
                    ComplianceCheck.unknown(UNCLEAN, why, List.of()));
        }
        List<TopicFacts> phi = facts.topics().stream().filter(t -> options.isPhi(t.name())).toList();
        if (phi.isEmpty()) {
            String none = noPhiTopic(options);
            return List.of(new ComplianceCheck(RETENTION, Status.WARN, none, List.of()),
                    new ComplianceCheck(REPLICATION, Status.WARN, none, List.of()), new ComplianceCheck(UNCLEAN, Status.WARN, none, List.of()));
        }
        Duration max = options.maxRetention();
        return List.of(
                judge(RETENTION, phi, t -> t.retentionMs() == null ? null
                        : t.retentionMs() < 0 ? "keeps data forever (retention.ms=-1)"
                        : t.retentionMs() > max.toMillis() ? "keeps data " + Humanize.duration(t.retentionMs() / 1000.0)
                                + " (retention.ms=" + t.retentionMs() + "), longer than " + Humanize.duration(max.toSeconds()) : "",
                        t -> "retention.ms=" + t.retentionMs(), "PHI topic(s) keep data at most " + Humanize.duration(max.toSeconds())),
                judge(REPLICATION, phi, t -> t.minInsyncReplicas() == null ? null
                        : t.replicationFactor() < ComplianceOptions.MIN_REPLICATION_FACTOR || t.minInsyncReplicas() < ComplianceOptions.MIN_INSYNC_REPLICAS
                        ? "replication factor " + t.replicationFactor() + ", min.insync.replicas " + t.minInsyncReplicas()
                                + " (need at least " + ComplianceOptions.MIN_REPLICATION_FACTOR + " and " + ComplianceOptions.MIN_INSYNC_REPLICAS + ")" : "",
                        t -> "replication factor " + t.replicationFactor() + ", min.insync.replicas=" + t.minInsyncReplicas(),
                        "PHI topic(s) have replication factor >= " + ComplianceOptions.MIN_REPLICATION_FACTOR + " and min.insync.replicas >= "
                                + ComplianceOptions.MIN_INSYNC_REPLICAS),
                judge(UNCLEAN, phi, t -> t.uncleanLeaderElection() == null ? null
                        : t.uncleanLeaderElection() ? "unclean.leader.election.enable=true: an out-of-sync replica may become leader and lose data" : "",
                        t -> "unclean.leader.election.enable=" + t.uncleanLeaderElection(), "PHI topic(s) never elect an out-of-sync leader"));
    }

    static String noPhiTopic(ComplianceOptions options) {
        return "no topic Warden may describe matches the PHI pattern '" + text(options.phiTopics().pattern())
                + "'; check --phi-topics and Warden's DESCRIBE rights on topics";
    }

    /**
     * @param problem a topic's problem, "" for none, null when it cannot be judged
     * @param seen    what was seen of a topic that passes
     */
    private static ComplianceCheck judge(String name, List<TopicFacts> phi, Function<TopicFacts, String> problem,
                                         Function<TopicFacts, String> seen, String passSummary) {
        List<String> failed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        for (TopicFacts t : phi) {
            String p = problem.apply(t);
            if (p == null) {
                unknown.add(text(t.name()) + ": its configs could not be read");
            } else if (!p.isEmpty()) {
                failed.add(text(t.name()) + ": " + p);
            } else {
                passed.add(text(t.name()) + ": " + seen.apply(t));
            }
        }
        List<String> evidence = new ArrayList<>(failed);
        evidence.addAll(unknown);
        evidence.addAll(passed);
        if (!failed.isEmpty()) {
            return new ComplianceCheck(name, Status.FAIL, failed.size() + " of " + phi.size() + " PHI topic(s) fall short", evidence);
        }
        if (!unknown.isEmpty()) {
            return ComplianceCheck.unknown(name, unknown.size() + " of " + phi.size() + " PHI topic(s) could not be judged", evidence);
        }
        return ComplianceCheck.pass(name, "all " + phi.size() + " " + passSummary, evidence);
    }

    static ComplianceCheck auditTrail(ComplianceFacts facts) {
        var a = facts.auditTrail();
        if (a == null) {
            return ComplianceCheck.unknown(AUDIT_TRAIL, "no Warden config given (--config), so Warden's own audit trail cannot be "
                    + "judged", List.of());
        }
        List<String> evidence = List.of("audit.file: " + a.file() + (a.exists() ? " (" + a.bytes() + " bytes)" : " (not written yet)"));
        if (a.problem() != null) {
            return new ComplianceCheck(AUDIT_TRAIL, Status.FAIL, "Warden cannot write its audit trail: " + a.problem(), evidence);
        }
        if (!a.exists()) {
            return new ComplianceCheck(AUDIT_TRAIL, Status.WARN, "Warden's audit trail is configured but has not been written yet: "
                    + "is warden watch running with this config?", evidence);
        }
        return ComplianceCheck.pass(AUDIT_TRAIL, "Warden records what it sees and does in its audit trail", evidence);
    }
}
