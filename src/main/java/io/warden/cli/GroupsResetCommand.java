package io.warden.cli;

import io.warden.WardenException;
import io.warden.runbook.groups.GroupOffsetsService;
import io.warden.runbook.groups.OffsetsCsv;
import io.warden.runbook.groups.ResetMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reset-offsets", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Moves groups' committed offsets, with the modes of kafka-consumer-groups --reset-offsets.",
            "Prints the plan (current -> new offset, lag before -> after) and changes nothing without --execute.",
            "New offsets are clamped to [log start, log end]. Refused while a group has active members.",
            "With --execute the previous offsets are first saved to an undo file that --from-file restores;",
            "an existing file is never overwritten. --config is loaded before anything changes.",
            "Classic and consumer groups only: a share or streams group is refused with the reason",
            "(use kafka-share-groups.sh or kafka-streams-groups.sh for those)."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden groups reset-offsets -b localhost:9092 -g billing -t orders \\",
            "      --to-earliest",
            "  warden groups reset-offsets -b localhost:9092 -g billing -t orders:0,2 \\",
            "      --shift-by -100",
            "  warden groups reset-offsets -b localhost:9092 -g billing --all-topics \\",
            "      --by-duration 1h --execute",
            "  warden groups reset-offsets -b localhost:9092 -g billing \\",
            "      --from-file billing-offsets-20240501T120000Z.csv --execute   # undo"})
final class GroupsResetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "Group to reset (repeatable).")
    List<String> groups = List.of();

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC[:P,P]", description = "Topic, or some of its partitions (repeatable).")
    List<String> topics = List.of();

    @Option(names = "--all-topics", description = "Every partition the group has committed offsets for.")
    boolean allTopics;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--to-earliest", description = "The log start.")
        boolean earliest;
        @Option(names = "--to-latest", description = "The log end.")
        boolean latest;
        @Option(names = "--to-current", description = "The committed offset (log end where there is none).")
        boolean current;
        @Option(names = "--to-offset", paramLabel = "N", description = "Offset N.")
        Long offset;
        @Option(names = "--shift-by", paramLabel = "N", description = "The committed offset plus N (negative goes back).")
        Long shift;
        @Option(names = "--to-datetime", paramLabel = "ISO-8601", description = "The first message at or after this time, e.g. 2024-05-01T12:00:00Z.")
        String datetime;
        @Option(names = "--by-duration", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "The first message at or after now minus DURATION (PT1H or 1h).")
        Duration duration;
        @Option(names = "--from-file", paramLabel = "CSV", description = "topic,partition,offset (one group) or group,topic,partition,offset.")
        Path file;
    }

    @Mixin
    ExecuteOptions change;

    @Option(names = "--dry-run", description = "Print the plan only (the default).")
    boolean dryRun;

    @Option(names = "--undo-file", paramLabel = "FILE", description = "Where to save the previous offsets (default: <group>-offsets-<time>.csv here); must not exist yet.")
    Path undoFile;

    @Override
    public Integer call() {
        if (change.execute && dryRun) {
            throw new WardenException(WardenException.USAGE, "--execute and --dry-run contradict each other");
        }
        ResetMode resetMode = resetMode();
        if (!(resetMode instanceof ResetMode.FromFile) && topics.isEmpty() == !allTopics) {
            throw new WardenException(WardenException.USAGE, "say which partitions: --topic TOPIC[:P,P] or --all-topics (one of them)");
        }
        return OffsetResetRunner.run(spec.commandLine().getOut(), connection, change.config(), groups,
                new GroupOffsetsService.Scope(topics, allTopics), resetMode, change.execute, undoFile, change.output);
    }

    private ResetMode resetMode() {
        if (mode.earliest) {
            return new ResetMode.ToEarliest();
        } else if (mode.latest) {
            return new ResetMode.ToLatest();
        } else if (mode.current) {
            return new ResetMode.ToCurrent();
        } else if (mode.offset != null) {
            if (mode.offset < 0) {
                throw new WardenException(WardenException.USAGE, "--to-offset must be an offset, 0 or more, not " + mode.offset);
            }
            return new ResetMode.ToOffset(mode.offset);
        } else if (mode.shift != null) {
            return new ResetMode.ShiftBy(mode.shift);
        } else if (mode.datetime != null) {
            return new ResetMode.ToDatetime(parseTime(mode.datetime));
        } else if (mode.duration != null) {
            return new ResetMode.ByDuration(mode.duration);
        }
        return new ResetMode.FromFile(mode.file.toString(), OffsetsCsv.read(mode.file, groups));
    }

    /** ISO-8601 with an offset or Z; without one, UTC (Kafka's tool uses the local zone; a server's is rarely meant). */
    static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new WardenException(WardenException.USAGE, "--to-datetime '" + text
                        + "' is not an ISO-8601 time; write e.g. 2024-05-01T12:00:00Z or 2024-05-01T12:00:00.000+02:00");
            }
        }
    }
}
