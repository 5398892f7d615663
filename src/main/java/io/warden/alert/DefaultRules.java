package io.warden.alert;

import io.warden.watch.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules Warden applies when the config names none, following common Kafka runbooks. The
 * thresholds of lag, DLQ depth, disk and under-replication live in the checks (config
 * {@code checks:}); these rules add patience, reminders and the next step for whoever is paged.
 */
public final class DefaultRules {

    private DefaultRules() {
    }

    public static List<AlertRule> all() {
        return List.of(
                rule("broker-down", "broker-down", Duration.ZERO, Duration.ofHours(1),
                        "Check the broker's process and its log on that host (disk full? OOM? fenced?); restart it "
                                + "(e.g. systemctl restart kafka) and watch its partitions rejoin the ISR."),
                rule("controller-missing", "controller-missing", Duration.ofSeconds(30), Duration.ofHours(1),
                        "Check the KRaft controllers: are a majority of voters up and reachable? "
                                + "kafka-metadata-quorum --bootstrap-server ... describe --status"),
                rule("quorum-majority-at-risk", "quorum-majority-at-risk", Duration.ZERO, Duration.ofHours(1),
                        "Bring the lagging controllers (see evidence) back before another one fails: check the process, "
                                + "its disk and its network to the leader; kafka-metadata-quorum --bootstrap-controller ... "
                                + "describe --replication shows each voter's lag and last caught-up time."),
                rule("quorum-voter-lagging", "quorum-voter-lagging", Duration.ZERO, Duration.ofHours(2),
                        "Check that controller's process, disk and network to the leader; kafka-metadata-quorum "
                                + "--bootstrap-controller ... describe --replication shows whether its lag shrinks."),
                rule("quorum-even-voters", "quorum-even-voters", Duration.ZERO, Duration.ofHours(24),
                        "Run an odd number of KRaft voters (3 or 5): add one with kafka-metadata-quorum add-controller, "
                                + "or remove one with remove-controller."),
                rule("cluster-unreachable", "cluster-unreachable", Duration.ofMinutes(1), Duration.ofHours(1),
                        "Check that the bootstrap servers resolve and accept connections from Warden's host, "
                                + "and that its credentials are still valid."),
                rule("offline-partitions", "offline-partitions", Duration.ZERO, Duration.ofHours(1),
                        "Bring back a broker holding a replica of each offline partition; producers and consumers "
                                + "of those partitions are stopped until then."),
                rule("under-min-isr", "under-min-isr", Duration.ZERO, Duration.ofHours(1),
                        "acks=all producers are failing on these partitions: restore the out-of-sync brokers, the eligible leader "
                                + "replicas first. A partition with none (evidence recovery: unclean-election-only) has no replica known "
                                + "to hold every committed record: decide with its owners before any unclean election; Warden never runs one."),
                rule("under-replicated", "under-replicated", Duration.ofMinutes(1), Duration.ofHours(2),
                        "Find the broker missing from the ISR (see evidence): is it down, slow on disk or network?"),
                rule("preferred-leader", "preferred-leader", Duration.ofMinutes(10), Duration.ofHours(4),
                        "Move leadership back: kafka-leader-election --bootstrap-server ... --election-type PREFERRED "
                                + "--all-topic-partitions (or a playbook with elect-preferred-leaders)."),
                rule("connector-failed", "connector-(task-)?failed", Duration.ZERO, Duration.ofHours(2),
                        "Read the trace in the evidence, fix its cause, then restart: curl -X POST "
                                + "'http://WORKER:8083/connectors/NAME/restart?includeTasks=true&onlyFailed=true' "
                                + "(or a playbook with restart-connector)."),
                rule("connect-unreachable", "connect-unreachable", Duration.ofMinutes(2), Duration.ofHours(2),
                        "Check the Connect worker's process, its REST listener and Warden's credentials for it."),
                rule("consumer-lag", "consumer-lag", Duration.ofMinutes(2), Duration.ofHours(2),
                        "Check the group's consumers: are they running, erroring or too few for the load? "
                                + "warden lag --group <group> shows lag per partition and owner."),
                rule("consumer-lag-growing", "consumer-lag-growing", Duration.ofMinutes(5), Duration.ofHours(2),
                        "Consumers are slower than producers: scale the group out or find the slow partition."),
                // a minute of patience: a healthy consumer's small lag can look like a short WARN
                rule("consumer-status", "consumer-status", Duration.ofMinutes(1), Duration.ofHours(2),
                        "STOP: start the consumers; STALL: look for a stuck or crash-looping consumer; "
                                + "REWIND: confirm the offset reset was intended."),
                rule("consumer-rebalancing", "consumer-rebalancing", Duration.ZERO, Duration.ofHours(2),
                        "Consumers keep leaving the group: check for crashes and max.poll.interval.ms timeouts."),
                rule("dlq-depth", "dlq-depth", Duration.ZERO, Duration.ofHours(4),
                        "Inspect the dead letters to find why they failed, fix the cause, then replay or purge them."),
                rule("disk-usage", "disk-usage", Duration.ofMinutes(5), Duration.ofHours(2),
                        "Free space before the broker stops: lower retention of the largest topics (see evidence) "
                                + "or add disk."),
                rule("log-dir-offline", "log-dir-offline", Duration.ZERO, Duration.ofHours(1),
                        "A log directory failed: check the disk on that broker; its partitions moved or went offline."),
                rule("certificate-expiry", "certificate-expiry", Duration.ZERO, Duration.ofHours(24),
                        "Renew the certificate named in the evidence (subject, endpoint) and roll it out before it "
                                + "expires: clients refuse an expired certificate and stop producing and consuming."),
                rule("certificate-unreadable", "certificate-unreadable", Duration.ofMinutes(15), Duration.ofHours(24),
                        "Check that the endpoint is up and speaks TLS: openssl s_client -connect HOST:PORT -servername HOST"),
                rule("listener-security", "listener-cleartext|listener-sasl-plain-cleartext|certificate-hostname", Duration.ZERO,
                        Duration.ofHours(24), "Move clients to a TLS listener (SSL or SASL_SSL) and close the cleartext one; "
                                + "a certificate must name the advertised host in its subject alternative names."),
                rule("dr-replication-stalled", "dr-replication-stalled|dr-connector-failed", Duration.ZERO, Duration.ofHours(1),
                        "MirrorMaker is not copying to the DR cluster: check its process and log, and its connectors' state "
                                + "(curl http://WORKER:8083/connectors?expand=status); warden dr status shows lag per topic."),
                rule("dr-rpo-breached", "dr-rpo-breached", Duration.ZERO, Duration.ofHours(1),
                        "A failover now would lose more than the tier's RPO allows: find why MirrorMaker lags (stopped, "
                                + "throttled, too few tasks) and tell the tier's owners; warden dr status shows the worst topics."),
                rule("dr-replica", "dr-replica-missing|dr-replica-mismatch|dr-checkpoint-stale", Duration.ofMinutes(10),
                        Duration.ofHours(24), "Align MirrorMaker with the DR plan: its topics and groups filters, the replica's "
                                + "partitions (kafka-topics --alter --partitions) and retention (kafka-configs --alter)."),
                rule("dr-unreadable", "dr-unreadable", Duration.ofMinutes(2), Duration.ofHours(4),
                        "Warden cannot read a cluster of the DR pair: check it is up and Warden's ACLs on it (docs/permissions.md)."),
                rule("probe-failed", "probe-failed", Duration.ofMinutes(2), Duration.ofHours(4),
                        "Part of the cluster did not answer Warden: check that broker's health and Warden's ACLs."),
                rule("other", ".*", Duration.ZERO, Duration.ofHours(4), "See the finding's evidence."));
    }

    private static AlertRule rule(String name, String check, Duration forDuration, Duration repeat, String runbook) {
        return new AlertRule(name, Pattern.compile(check), Map.of(), null, null, null, null, (Severity) null,
                forDuration, repeat, Map.of(), runbook);
    }
}
