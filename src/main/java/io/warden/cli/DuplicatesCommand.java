package io.warden.cli;

import io.warden.runbook.duplicates.DuplicateReport;
import io.warden.runbook.duplicates.DuplicateService;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "duplicates", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Event ids delivered more than once in a time range, and where.",
            "Exact; memory stays bounded by reading the range in hash-partitioned passes when",
            "it holds more than --max-ids records. Exit 0 when every id is unique, 1 when",
            "duplicates were found."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden duplicates orders -b kafka1:9092 --id-header event-id --since 24h",
            "  warden duplicates payments -b kafka1:9092 --key --since 2026-05-01T00:00:00Z -o json"})
final class DuplicatesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ConnectionOptions connection;
    @Parameters(paramLabel = "TOPIC", description = "The topic to check.")
    String topic;

    static final class IdSource {
        @Option(names = "--id-header", paramLabel = "HEADER", required = true, description = "The header holding the event id.")
        String header;
        @Option(names = "--key", required = true, description = "The record key is the event id.")
        boolean key;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    IdSource id;
    @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class,
            description = "From TIME (ISO-8601, or a duration ago: 24h); default the log start.")
    Instant since;
    @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class, description = "Before TIME; default the log end.")
    Instant until;
    @Option(names = "--max-ids", paramLabel = "N", defaultValue = "1000000", description = "Ids held in memory at once, about (default: ${DEFAULT-VALUE}).")
    long maxIds;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Duplicated ids listed (default: ${DEFAULT-VALUE}).")
    int limit;
    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    @Override
    public Integer call() {
        Require.atLeast("--max-ids", maxIds, 1);
        Require.atLeast("--limit", limit, 0);
        var options = new DuplicateService.Options(id.header, id.key, since, until, maxIds, limit, 5);
        DuplicateReport r = new DuplicateService(connection.settings(), Clock.systemUTC()).find(topic, options);
        PrintWriter out = spec.commandLine().getOut();
        if (output == Output.json) {
            Output.printJson(out, r);
        } else {
            out.printf("%s: %,d records%s, %,d distinct ids (%s), %,d ids duplicated, %,d extra copies%s%n", r.topic(), r.records(),
                    r.since() == null && r.until() == null ? "" : " from " + (r.since() == null ? "the start" : r.since())
                            + " until " + (r.until() == null ? "now" : r.until()),
                    r.distinctIds(), r.idSource(), r.duplicateIds(), r.extraCopies(),
                    r.withoutId() == 0 ? "" : String.format("; %,d records without an id", r.withoutId()));
            if (r.passes() > 1) {
                out.printf("(read in %d passes to stay within --max-ids)%n", r.passes());
            }
            if (!r.duplicates().isEmpty()) {
                Table t = new Table("ID", "COUNT", "OCCURRENCES (partition@offset)");
                r.duplicates().forEach(d -> t.row(DlqCommand.cut(d.id(), 60), d.count(), d.occurrences().stream()
                        .map(o -> o.partition() + "@" + o.offset()).collect(Collectors.joining(" "))
                        + (d.count() > d.occurrences().size() ? " ..." : "")));
                t.print(out, "  ");
            }
            out.flush();
        }
        return r.duplicateIds() > 0 ? 1 : 0;
    }
}
