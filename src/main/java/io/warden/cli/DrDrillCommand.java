package io.warden.cli;

import io.warden.OutputFiles;
import io.warden.WardenException;
import io.warden.dr.DrPair;
import io.warden.dr.DrillOptions;
import io.warden.dr.DrillReport;
import io.warden.dr.DrillReportFiles;
import io.warden.dr.DrillService;
import io.warden.kafka.RecordText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "drill", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A DR drill with evidence: produces marker records with unique ids on the primary, measures the time",
            "until each appears on DR (the measured RPO: the longest; and the median), compares record counts over",
            "the same window on both sides, checks that each selected group has a checkpoint on DR for each of its",
            "partitions (and how old), judges the RPO of every recovery tier, and writes a dated report (Markdown and",
            "JSON) naming the clusters, MirrorMaker's aliases, who ran it and when.",
            "By default the markers go to a drill topic warden-dr-drill-<yyyyMMdd-HHmmss> (UTC) that the drill creates",
            "and, afterwards, deletes together with its replica on DR, each only if it is still the drill's topic and",
            "holds only the drill's markers. MirrorMaker must replicate it: allow 'warden-dr-drill-.*' in its topics",
            "(and in dr.topics); it notices a new topic only every refresh.topics.interval.seconds (default 10 min),",
            "so the drill waits up to --wait for the replica before it produces.",
            "With --topics the markers go to those replicated topics and REACH THEIR REAL CONSUMERS on both clusters;",
            "each carries the header warden-drill-id, by which consumers can skip it.",
            "Prints the plan and changes nothing without --execute. Audited.",
            "Exit code: 0 pass, 1 warning (a group without a usable checkpoint, parity differs, a topic left behind),",
            "2 failure (a marker lost within --wait, counts differ, an RPO target missed), 64+ errors."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden dr drill --config /etc/warden/warden.yaml --all-groups --report-dir /var/lib/warden/drills --execute",
            "  warden dr drill --source-bootstrap-server primary1:9092 --target-bootstrap-server dr1:9092 \\",
            "      --mirror-topics 'orders.*,warden-dr-drill-.*' --group billing --wait 5m --execute",
            "  warden dr drill --config warden.yaml --topics orders,payments --markers 3 --execute   # markers reach consumers"})
final class DrDrillCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DrOptions dr;

    @Option(names = "--topics", split = ",", paramLabel = "TOPIC",
            description = "Drill these replicated topics instead of a drill topic; their consumers receive the markers.")
    List<String> topics;

    @Option(names = "--markers", paramLabel = "N", defaultValue = "10",
            description = "Marker records per topic, spread over its partitions, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int markers;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "Partitions of the drill topic, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "2m",
            description = "How long a marker may take to appear on DR before it counts as lost (and, for the drill topic,"
                    + " how long MirrorMaker may take to create its replica) (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "A group whose translated position to check; repeatable.")
    List<String> groups = List.of();

    @Option(names = "--all-groups", description = "Check every group on the primary that MirrorMaker's group filter selects.")
    boolean allGroups;

    @Option(names = "--report-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Where to write the report, dr-drill-<primary>-<dr>-<date>.md and .json (default: the current directory).")
    Path reportDir;

    @Option(names = "--execute", description = "Run the drill; without it only the plan is printed.")
    boolean execute;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() throws InterruptedException {
        if (markers < 1 || markers > 10_000) {
            throw new WardenException(WardenException.USAGE, "--markers " + markers + " is out of range: give 1 to 10000");
        }
        if (partitions < 1 || partitions > 1000) {
            throw new WardenException(WardenException.USAGE, "--partitions " + partitions + " is out of range: give 1 to 1000");
        }
        if (wait.isZero()) {
            throw new WardenException(WardenException.USAGE, "--wait 0s leaves the markers no time to reach DR: give e.g. 2m");
        }
        if (topics != null && topics.stream().anyMatch(t -> t.isBlank())) {
            throw new WardenException(WardenException.USAGE, "--topics has an empty name: list topics separated by commas, e.g. orders,payments");
        }
        Clock clock = Clock.systemUTC();
        DrPair pair = dr.pair();
        DrillOptions options = new DrillOptions(topics == null ? List.of() : topics.stream().map(String::trim).distinct().toList(),
                markers, partitions, wait, groups, allGroups, ranBy());
        Instant now = clock.instant();
        DrillService.checkReplicated(pair, options, now);
        PrintWriter out = spec.commandLine().getOut();
        if (!execute) {
            plan(out, pair, options, now);
            return 0;
        }
        OutputFiles.requireWritable(reportDir.resolve("dr-drill.report"), "--report-dir");
        try (var audit = CommandAudit.open(true, dr.config, clock, pair.source().connection().bootstrapServers())) {
            DrillReport report;
            try {
                report = new DrillService(pause -> Thread.sleep(pause.toMillis())).run(pair, options, clock);
            } catch (RuntimeException e) {
                if (e instanceof WardenException w && w.exitCode() == WardenException.USAGE) {
                    throw e; // refused before anything was written
                }
                // markers may have been written before the failure: the trail says a drill ran
                audit.record("dr.drill", options.drillTopic() ? DrillService.TOPIC_PREFIX + "*" : String.join(",", options.topics()),
                        Map.of("status", "ERROR", "error", String.valueOf(e.getMessage())), null);
                throw e;
            }
            List<Path> files = DrillReportFiles.write(report, reportDir);
            if (output == Output.json) {
                Output.printJson(out, report);
            } else {
                print(out, report);
            }
            files.forEach(f -> (output == Output.json ? spec.commandLine().getErr() : out).println("Report written to "
                    + f.toAbsolutePath()));
            out.flush();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", report.status().name());
            data.put("target", pair.target().connection().bootstrapServers());
            data.put("topics", report.topics());
            data.put("markersProduced", report.markersProduced());
            data.put("markersSeen", report.markersSeen());
            if (report.rpo() != null) {
                data.put("rpoMs", report.rpo().toMillis());
            }
            data.put("cleanup", report.cleanup());
            data.put("report", files.get(0).toAbsolutePath().toString());
            audit.record("dr.drill", report.drillId(), data, report.drillTopic() ? "a drill topic was created and "
                    + String.join("; ", report.cleanup()) : report.markersProduced() + " drill markers WERE produced to " + report.topics());
            return report.exitCode();
        }
    }

    private static String ranBy() {
        String user = System.getProperty("user.name", "unknown");
        try {
            return user + "@" + java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return user;
        }
    }

    private void plan(PrintWriter out, DrPair pair, DrillOptions o, Instant now) {
        String source = RecordText.escape(pair.source().name());
        String target = RecordText.escape(pair.target().name());
        out.println("DR drill plan (nothing done; add --execute to run it):");
        if (o.drillTopic()) {
            String topic = DrillService.drillTopic(now);
            out.println("  1. create topic " + topic + " (" + o.partitions() + " partitions) on " + source
                    + ", wait up to " + human(o.markerWait()) + " for MirrorMaker's replica " + pair.naming().replicaOf(topic) + " on " + target);
        } else {
            out.println("  1. named topics " + RecordText.escape(String.join(", ", o.topics())) + ": their consumers WILL receive the"
                    + " markers (header " + DrillService.HEADER + ")");
        }
        out.println("  2. produce " + o.markers() + " marker records per topic, wait up to " + human(o.markerWait())
                + " for each on " + target);
        out.println("  3. compare record counts over the markers' window on both sides");
        out.println("  4. check the checkpoints on " + target + " of " + (o.allGroups() ? "every group MirrorMaker selects"
                : o.groups().isEmpty() ? "no group (--group, --all-groups)" : RecordText.escape(String.join(", ", o.groups()))));
        if (o.drillTopic()) {
            out.println("  5. delete the drill topic and its replica, each only if it holds only the drill's markers");
        }
        out.println("  report to " + reportDir.toAbsolutePath().normalize());
        out.flush();
    }

    private static void print(PrintWriter out, DrillReport r) {
        out.printf("DR drill %s: %s -> %s (aliases %s -> %s)%n", r.drillId(), RecordText.escape(r.source().name()),
                RecordText.escape(r.target().name()), RecordText.escape(r.source().alias()), RecordText.escape(r.target().alias()));
        out.printf("Markers: %d produced, %d seen, %d lost (wait %s)%n", r.markersProduced(), r.markersSeen(), r.markersLost(),
                human(r.markerWait()));
        out.printf("Measured RPO: %s (median %s)%n", r.rpo() == null ? "unknown" : human(r.rpo()), r.p50() == null ? "-" : human(r.p50()));
        Table tiers = new Table("TIER", "RPO-TARGET", "RTO-TARGET", "RESULT");
        r.tiers().forEach(t -> tiers.row(t.tier(), human(t.rpoTarget()), human(t.rtoTarget()), t.pass() ? "PASS" : "FAIL"));
        tiers.print(out, "  ");
        Table counts = new Table("TOPIC", "PARTITION", "PRIMARY-RECORDS", "DR-RECORDS", "MATCH");
        r.counts().forEach(c -> counts.row(c.topic(), c.partition(), c.sourceRecords() < 0 ? "too many" : c.sourceRecords(),
                c.replicaRecords() == null ? "unknown" : c.replicaRecords(), c.match() ? "yes" : "NO"));
        counts.print(out, "  ");
        if (!r.groups().isEmpty()) {
            Table groups = new Table("GROUP", "PARTITIONS", "CHECKPOINTED", "OLDEST", "PROBLEM");
            r.groups().forEach(g -> groups.row(g.group(), g.partitions(), g.checkpointed(),
                    g.oldestCheckpointAge() == null ? "-" : human(g.oldestCheckpointAge()), g.ok() ? "-" : g.problem()));
            groups.print(out, "  ");
        }
        if (r.parity() != null) {
            out.println("Parity: " + (r.parity().differences().isEmpty() ? "no difference" : r.parity().differences().size()
                    + " differences (see the report or warden dr parity)"));
        }
        r.notes().forEach(n -> out.println("Note: " + RecordText.escape(n)));
        r.cleanup().forEach(n -> out.println("Cleanup: " + RecordText.escape(n)));
        out.println("Drill: " + r.status());
    }

    private static String human(Duration d) {
        return DrillService.human(d);
    }
}
