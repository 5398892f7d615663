package io.warden.cli;

import io.warden.WardenException;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditLog;
import io.warden.audit.AuditReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What Warden saw, decided and did, from its audit trail.",
            "Findings raised and resolved, alerts fired and resolved, notifications sent",
            "and failed, configuration loaded: oldest first, with cluster, key and evidence.",
            "Reads the rotated files too; a line cut short by a crash is skipped with a warning."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden events --since 1h",
            "  warden events --type alert --type notification.failed --since 2d",
            "  warden events -f /var/lib/warden/audit.jsonl --key group=billing -o json"})
class EventsCommand implements Callable<Integer> {

    private static final int SUMMARY_WIDTH = 100;

    @Spec
    CommandSpec spec;

    /** Where "now" comes from for {@code --since}; tests pin it. */
    Clock clock = Clock.systemUTC();

    @Mixin
    AuditFileOptions trail;

    @Option(names = {"-s", "--since"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only events this recent, e.g. 30m, 1h, 2d.")
    Duration since;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", split = ",",
            description = "Only this type (repeatable); 'alert' also matches alert.fired, alert.resolved...")
    List<String> types = List.of();

    @Option(names = {"-k", "--key"}, paramLabel = "SUBSTRING", description = "Only events whose key contains this, ignoring case.")
    String key;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Only the newest N events.")
    Integer limit;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() {
        Require.atLeast("--limit", limit, 0);
        Path file = trail.path();
        PrintWriter out = spec.commandLine().getOut();
        boolean exists = Files.exists(file) || Files.exists(file.resolveSibling(file.getFileName() + ".1"));
        AuditLog log = exists ? read(file) : new AuditLog(List.of(), 0);
        List<AuditEvent> events = log.events();
        if (limit != null && events.size() > limit) {
            events = events.subList(events.size() - limit, events.size());
        }
        if (output == Output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", file.toAbsolutePath().toString());
            json.put("events", events);
            json.put("skippedLines", log.skippedLines());
            Output.printJson(out, json);
            return 0;
        }
        if (!exists) {
            out.println("No events yet: there is no audit trail at " + file.toAbsolutePath()
                    + " (Warden writes it while watching; --file names another).");
        } else if (events.isEmpty()) {
            out.println("No matching events in " + file.toAbsolutePath() + ".");
        } else {
            Table table = new Table("TIME", "TYPE", "CLUSTER", "KEY", "SUMMARY");
            events.forEach(e -> table.row(e.time().truncatedTo(ChronoUnit.SECONDS), e.type(), e.cluster(), e.key(),
                    summary(e.data())));
            table.print(out, "");
        }
        if (log.skippedLines() > 0) {
            spec.commandLine().getErr().println("warning: skipped " + log.skippedLines() + " unreadable line(s) in "
                    + file.toAbsolutePath() + " (a line cut short by a crash is expected to be one of them)");
        }
        out.flush();
        return 0;
    }

    /** The event types shown when {@code --type} is not given: all of them. */
    List<String> defaultTypes() {
        return List.of();
    }

    private AuditLog read(Path file) {
        Predicate<AuditEvent> filter = AuditReader.type((types.isEmpty() ? defaultTypes() : types).toArray(String[]::new));
        if (since != null) {
            filter = filter.and(AuditReader.since(clock.instant().minus(since)));
        }
        if (key != null) {
            filter = filter.and(AuditReader.key(key));
        }
        try {
            return AuditReader.read(file, filter);
        } catch (UncheckedIOException e) {
            throw new WardenException(WardenException.NO_INPUT, e.getMessage(), e);
        }
    }

    /** The evidence in one line: its message when it has one, else its values as key=value. */
    static String summary(Map<String, Object> data) {
        Object message = data.get("message");
        String text;
        if (data.get("decision") != null && data.get("reason") != null) {
            text = data.get("decision") + ": " + data.get("reason");
        } else if (data.get("action") != null && data.get("outcome") != null) {
            text = data.get("action") + " #" + data.get("attempt") + " " + data.get("outcome")
                    + (data.get("exitCode") == null ? "" : " exit=" + data.get("exitCode"))
                    + (data.get("output") == null ? "" : " " + data.get("output"));
        } else if (message != null) {
            text = message.toString();
        } else {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(data).forEach((k, v) -> {
                String value = String.valueOf(v);
                sb.append(sb.isEmpty() ? "" : " ").append(k).append('=')
                        .append(value.isEmpty() || value.contains(" ") ? '"' + value + '"' : value);
            });
            text = sb.toString();
        }
        text = text.replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return null;
        }
        return text.length() <= SUMMARY_WIDTH ? text : text.substring(0, SUMMARY_WIDTH - 3) + "...";
    }
}
