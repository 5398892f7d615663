package io.warden.cli;

import io.warden.WardenException;
import io.warden.alert.Silence;
import io.warden.alert.SilenceStore;
import io.warden.alert.SilenceService;
import io.warden.alert.Silences;
import io.warden.config.WardenConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "silence", mixinStandardHelpOptions = true,
        description = {"Keep matching alerts quiet for a while (they are still audited).",
            "Adding or expiring a silence writes a record to the audit trail (audit.file of --config, else",
            "./warden-audit.jsonl), the same record as one set through the HTTP API."},
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden silence add group=billing --for 2h --comment 'deploying billing'",
            "  warden silence add key='broker-down/.*' --for 30m",
            "  warden silence list",
            "  warden silence expire 3f9a1c2e"})
final class SilenceCommand {

    /**
     * Where the silences live: --file, else the fleet's shared topic when the config has an ha:
     * section, else the config's alerts.silences-file, else the default.
     */
    static final class StoreOptions {
        @Option(names = "--config", paramLabel = "FILE", description = "warden.yaml naming alerts.silences-file (or with an "
                + "ha: section the fleet whose instances all read them) and audit.file.")
        Path config;

        @Option(names = "--file", paramLabel = "FILE", description = "The silences file (default: warden-silences.json).")
        Path file;

        Silences store() {
            WardenConfig cfg = ConfigOption.load(config);
            if (file != null && file.toString().isEmpty()) {
                throw new WardenException(WardenException.NO_INPUT, "--file is an empty path: name the silences file");
            }
            if (file == null && cfg.ha().enabled()) {
                return HaCommand.shared(cfg);
            }
            Path path = file != null ? file : Path.of(cfg.alerts().silencesFile());
            return new SilenceStore(path, Clock.systemUTC());
        }

        /** The silences, changed with a record in the config's audit trail, as the HTTP API records them. */
        static SilenceService audited(Silences store, CommandAudit audit) {
            return new SilenceService(store, audit, Clock.systemUTC());
        }

        CommandAudit audit() {
            return CommandAudit.open(true, config, Clock.systemUTC(), null);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Silence alerts whose key, check, rule, "
            + "severity or labels match every MATCHER (label=regex).")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions where;

        @Parameters(paramLabel = "MATCHER", arity = "1..*", description = "e.g. group=billing, key=broker-down/.*, severity=WARNING")
        List<String> matchers;

        @Option(names = "--for", required = true, paramLabel = "DURATION", converter = DurationConverter.class,
                description = "How long, e.g. 30m, 2h.")
        Duration duration;

        @Option(names = "--comment", description = "Why, for the next person on call.")
        String comment;

        @Option(names = "--by", description = "Who sets it (default: $USER).")
        String by;

        @Override
        public Integer call() {
            Map<String, String> parsed = new LinkedHashMap<>();
            for (String m : matchers) {
                int eq = m.indexOf('=');
                if (eq <= 0) {
                    throw new WardenException(WardenException.USAGE, "matcher '" + m + "' is not label=regex, e.g. group=billing");
                }
                parsed.put(m.substring(0, eq), m.substring(eq + 1));
            }
            String who = by != null ? by : System.getenv().getOrDefault("USER", "unknown");
            try (var audit = where.audit(); Silences store = where.store()) {
                Silence s = StoreOptions.audited(store, audit).add(parsed, duration, who, comment);
                spec.commandLine().getOut().printf("silence %s: %s until %s%n", s.id(), s.matchers(), s.endsAt());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The silences in force.")
    static final class ListSilences implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions where;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Output output;

        @Override
        public Integer call() {
            List<Silence> active;
            try (Silences store = where.store()) {
                active = store.active();
            }
            var out = spec.commandLine().getOut();
            if (output == Output.json) {
                Output.printJson(out, active);
            } else if (active.isEmpty()) {
                out.println("No silences in force.");
            } else {
                Table t = new Table("ID", "MATCHERS", "ENDS", "BY", "COMMENT");
                active.forEach(s -> t.row(s.id(), s.matchers(), s.endsAt(), s.createdBy(), s.comment()));
                t.print(out, "");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now.")
    static final class Expire implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions where;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            try (var audit = where.audit(); Silences store = where.store()) {
                if (!StoreOptions.audited(store, audit).expire(id)) {
                    throw new WardenException(WardenException.USAGE, "no silence with id '" + id + "'; see: warden silence list");
                }
                spec.commandLine().getOut().println("silence " + id + " expired");
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
