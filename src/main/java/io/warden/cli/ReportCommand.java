package io.warden.cli;

import io.warden.OutputFiles;
import io.warden.WardenException;
import io.warden.audit.AuditLog;
import io.warden.audit.AuditReader;
import io.warden.report.MarkdownReport;
import io.warden.report.Report;
import io.warden.report.ReportLayout;
import io.warden.report.ReportService;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The weekly or monthly review of alerts, healing and delivery, from the audit trail.",
            "Per cluster: alerts by check and severity, still firing, time to resolve and to detect;",
            "self-healing per action, recovery rate, escalations and their reasons;",
            "delivery per notification channel; the slowest cycles and failing probes."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden report --config /etc/warden/warden.yaml",
            "  warden report --since 7d --cluster prod --markdown weekly.md",
            "  warden report -f /var/lib/warden/audit.jsonl -o json"})
class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Where "now" comes from for {@code --since}; tests pin it. */
    Clock clock = Clock.systemUTC();

    @Mixin
    AuditFileOptions trail;

    @Option(names = {"-s", "--since"}, paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30d",
            description = "The period: this long up to now, e.g. 7d, 30d, 12h (default: ${DEFAULT-VALUE}).")
    Duration since;

    @Option(names = {"-c", "--cluster"}, paramLabel = "NAME", description = "Only this cluster.")
    String cluster;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the report as Markdown to FILE.")
    Path markdown;

    @Override
    public Integer call() {
        Path file = trail.path();
        if (markdown != null) {
            OutputFiles.requireWritable(markdown, "--markdown");
        }
        PrintWriter out = spec.commandLine().getOut();
        Instant to = clock.instant().truncatedTo(ChronoUnit.SECONDS); // a period people read, not nanoseconds
        Report report = ReportService.build(read(file), to.minus(since), to, cluster);
        if (output == Output.json) {
            Output.printJson(out, report);
        } else if (report.nothingToReport()) {
            out.println("Nothing to report: no audit records " + (cluster == null ? "" : "of cluster " + cluster + " ")
                    + "in the last " + io.warden.watch.Humanize.duration(since.toSeconds()) + " in " + file.toAbsolutePath()
                    + (Files.exists(file) ? "." : " (there is no audit trail there yet; --file names another)."));
        } else {
            print(out, report);
        }
        if (markdown != null && !report.nothingToReport()) {
            write(markdown, MarkdownReport.render(report));
            // in JSON mode stdout belongs to the JSON document
            (output == Output.json ? spec.commandLine().getErr() : out).println("Markdown report written to "
                    + markdown.toAbsolutePath());
        }
        if (report.skippedLines() > 0) {
            spec.commandLine().getErr().println("warning: skipped " + report.skippedLines() + " unreadable line(s) in "
                    + file.toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    /** The whole trail: records before the period tell when an alert resolved in it fired, and the like. */
    private AuditLog read(Path file) {
        try {
            return AuditReader.read(file, AuditReader.all());
        } catch (UncheckedIOException e) {
            throw new WardenException(WardenException.NO_INPUT, e.getMessage(), e);
        }
    }

    private static void print(PrintWriter out, Report report) {
        for (ReportLayout.Section s : ReportLayout.of(report)) {
            String indent = s.level() <= 2 ? "" : "  ".repeat(s.level() - 2);
            if (s.level() == 2) {
                out.println();
                out.println("== " + s.title() + " ==");
            } else {
                if (s.level() == 3) {
                    out.println();
                }
                out.println(s.level() == 1 ? s.title() : "  ".repeat(s.level() - 3) + s.title() + ":");
            }
            s.lines().forEach(l -> out.println(indent + l));
            if (s.hasTable()) {
                Table table = new Table(s.header().toArray(String[]::new));
                s.rows().forEach(r -> table.row(r.toArray()));
                table.print(out, indent);
            }
        }
    }

    private static void write(Path target, String text) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WardenException(WardenException.CANT_CREATE, "cannot write the Markdown report to " + target.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }
}
