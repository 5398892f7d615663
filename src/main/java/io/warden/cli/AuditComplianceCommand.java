package io.warden.cli;

import io.warden.OutputFiles;
import io.warden.WardenException;
import io.warden.comply.CertificatePolicy;
import io.warden.comply.ComplianceCheck;
import io.warden.comply.ComplianceOptions;
import io.warden.comply.ComplianceProfile;
import io.warden.comply.ComplianceReport;
import io.warden.comply.ComplianceReportFiles;
import io.warden.comply.ComplianceService;
import io.warden.comply.PhiAccess;
import io.warden.comply.SecurityProbe;
import io.warden.config.WardenConfig;
import io.warden.daemon.ClusterWatch;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.KafkaConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compliance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The security and data-protection review of a cluster, with a dated report to keep.",
            "Each check is PASS, WARN, FAIL or UNKNOWN with its evidence: encryption in transit on every listener, authentication required (no anonymous "
            + "access), an authorizer that denies by default, the ACLs (grants to everyone or User:ANONYMOUS on PHI "
            + "topics, WRITE on every topic, ACLs of topics or SCRAM users that no longer exist), PHI topics' "
            + "retention, replication (factor >= 3, min.insync.replicas >= 2) and unclean leader election, "
            + "PHI access (WARN when a group reads a PHI topic that no ACL lets anyone but the super users READ, "
            + "or a principal may READ every topic), certificates valid beyond the warning window, and Warden's own audit trail.",
            "The report also lists, per PHI topic, who ACLs allow each operation (literal, prefixed and wildcard "
            + "patterns) and the groups of every type that read it.",
            "Only reads. What Warden may not read is UNKNOWN with the reason, never a pass.",
            "Profiles: baseline (no PHI topics unless --phi-topics), hipaa (PHI topics are those named like patient, "
            + "phi, health, medical, clinical, ehr, fhir, hl7; at most 90d retention).",
            "Exit code (Nagios): 0 all pass, 1 a warning, 2 a failure, 3 something could not be judged."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden audit compliance -b kafka1:9093 --command-config admin.properties \\",
            "      --profile hipaa --report-dir /var/lib/warden/reports",
            "  warden audit compliance --config /etc/warden/warden.yaml \\",
            "      --phi-topics 'phi\\..*' --max-retention 30d -o json"})
final class AuditComplianceCommand implements Callable<Integer> {

    private static final int EVIDENCE_LINES = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "baseline",
            description = "Preset of PHI topics and retention: baseline or hipaa (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--phi-topics", paramLabel = "REGEX",
            description = "Topics holding protected data (the whole name matches); overrides the profile's.")
    String phiTopics;

    @Option(names = "--max-retention", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest a PHI topic may keep data, e.g. 90d; overrides the profile's (90d).")
    Duration maxRetention;

    @Option(names = "--config", paramLabel = "FILE",
            description = "warden.yaml: its audit settings are judged, its checks.certificates windows and its cluster's "
                    + "connection, Connect and Schema Registry URLs are used.")
    Path config;

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Write the report as Markdown and JSON, named by cluster and date, into DIR.")
    Path reportDir;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() {
        ComplianceProfile preset = ComplianceProfile.named(profile);
        if (preset == null) {
            throw new WardenException(WardenException.USAGE, "--profile '" + profile + "' is not a profile: use one of "
                    + Arrays.toString(ComplianceProfile.values()));
        }
        Pattern phi = phiTopics != null ? RegexOption.compile("--phi-topics", phiTopics) : preset.phiTopics();
        if (maxRetention != null && maxRetention.isZero()) {
            throw new WardenException(WardenException.USAGE, "--max-retention '0s' keeps nothing; give the longest a PHI topic "
                    + "may keep data, e.g. 90d");
        }
        if (reportDir != null) {
            OutputFiles.requireWritable(reportDir.resolve("compliance.report"), "--report-dir");
        }
        WardenConfig cfg = ConfigOption.load(config);
        WardenConfig.ClusterConfig cluster = cfg.watched().size() == 1 ? cfg.watched().get(0) : null;
        var options = new ComplianceOptions(preset, phi, maxRetention != null ? maxRetention : preset.maxRetention(),
                CertificatePolicy.of(cfg.checks().certificates()), config == null ? null : Path.of(cfg.audit().file()),
                config == null || cluster == null ? List.of() : SecurityProbe.services(cluster));
        try (var kafka = KafkaConnection.open(settings(cluster))) {
            ComplianceReport report = new ComplianceService(kafka, Clock.systemUTC()).audit(options);
            List<Path> files = reportDir == null ? List.of() : ComplianceReportFiles.write(report, reportDir);
            var out = spec.commandLine().getOut();
            if (output == Output.json) {
                Output.printJson(out, report);
            } else {
                print(out, report);
            }
            files.forEach(f -> (output == Output.json ? spec.commandLine().getErr() : out).println("Report written to "
                    + f.toAbsolutePath()));
            return report.exitCode();
        }
    }

    /** -b wins; else the config's one cluster when it names its brokers; else $WARDEN_BOOTSTRAP_SERVER or localhost. */
    private ConnectionSettings settings(WardenConfig.ClusterConfig cluster) {
        if (connection.bootstrapServer == null && config != null && cluster != null && cluster.bootstrapServers() != null) {
            return ClusterWatch.connection(cluster, connection.timeout == null ? ConnectionOptions.DEFAULT_TIMEOUT : connection.timeout);
        }
        return connection.settings();
    }

    private static void print(java.io.PrintWriter out, ComplianceReport report) {
        out.printf("Compliance audit of cluster %s (%s), profile %s%n", report.clusterId(), report.bootstrapServers(), report.profile());
        Table t = new Table("STATUS", "CHECK", "SUMMARY");
        report.checks().forEach(c -> t.row(c.status(), c.name(), c.summary()));
        t.print(out, "");
        for (ComplianceCheck c : report.checks()) {
            if (c.status() != ComplianceCheck.Status.PASS && !c.evidence().isEmpty()) {
                out.println(c.name() + ":");
                c.evidence().stream().limit(EVIDENCE_LINES).forEach(e -> out.println("  - " + io.warden.kafka.RecordText.escape(e)));
                if (c.evidence().size() > EVIDENCE_LINES) {
                    out.println("  ... " + (c.evidence().size() - EVIDENCE_LINES) + " more in the report");
                }
            }
        }
        PhiAccess access = report.phiAccess();
        if (access != null && access.topicsUnknown() == null) {
            out.println("PHI access:");
            if (access.aclsUnknown() != null) {
                out.println("  ACLs UNKNOWN: " + io.warden.kafka.RecordText.escape(access.aclsUnknown()));
            }
            if (access.groupsUnknown() != null) {
                out.println("  groups UNKNOWN: " + io.warden.kafka.RecordText.escape(access.groupsUnknown()));
            }
            access.topics().forEach(topic -> out.println("  - " + io.warden.kafka.RecordText.escape(topic.name() + ": "
                    + (topic.allowed().isEmpty() ? "no ACL allows anything" : topic.allowed().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")))
                    + "; read by " + (topic.readBy().isEmpty() ? "no group" : topic.readBy().stream().map(PhiAccess.Reader::group).toList()))));
        }
        out.println("Compliance: " + report.status());
        out.flush();
    }
}
