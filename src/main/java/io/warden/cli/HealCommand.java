package io.warden.cli;

import io.warden.WardenException;
import io.warden.config.WardenConfig;
import io.warden.heal.HealPause;
import io.warden.heal.HealStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "heal", mixinStandardHelpOptions = true,
        description = "Self-healing: pause and resume it, see what it is doing and what it did.",
        subcommands = {HealCommand.Pause.class, HealCommand.Resume.class, HealCommand.Status.class, HealCommand.History.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden heal pause --config /etc/warden/warden.yaml --reason 'kafka upgrade'",
            "  warden heal status --config /etc/warden/warden.yaml",
            "  warden heal history --config /etc/warden/warden.yaml --since 7d",
            "  warden heal resume --config /etc/warden/warden.yaml"})
final class HealCommand {

    /** Where the healing state lives: --state-dir, else the config's heal.state-dir, else the working directory. */
    static final class StateOptions {
        @Option(names = "--config", paramLabel = "FILE", description = "warden.yaml naming heal.state-dir.")
        Path config;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "The healing state directory (default: .).")
        Path stateDir;

        Path dir() {
            WardenConfig cfg = ConfigOption.load(config);
            if (stateDir != null && stateDir.toString().isEmpty()) {
                throw new WardenException(WardenException.NO_INPUT, "--state-dir is an empty path: name the healing state directory");
            }
            if (stateDir != null && Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
                throw new WardenException(WardenException.NO_INPUT, "--state-dir " + stateDir + " is not a directory");
            }
            return stateDir != null ? stateDir : Path.of(cfg.heal().stateDir());
        }

        /** The fleet's pause switch when the config has an ha: section and no --state-dir was named; else null. */
        io.warden.daemon.ha.SharedState fleet() {
            return stateDir != null ? null : HaCommand.shared(ConfigOption.load(config));
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = {"Pause self-healing in every watching daemon that shares the state directory, or, with a config "
                + "that has an ha: section, in every instance of the fleet.",
                "Alerts keep firing and are kept: when healing resumes they are acted on or escalated."})
    static final class Pause implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StateOptions where;
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail and the next on-call.")
        String reason;

        @Override
        public Integer call() {
            try (var fleet = where.fleet()) {
                if (fleet != null) {
                    fleet.pause(System.getProperty("user.name", "unknown"), reason, Clock.systemUTC().instant());
                    spec.commandLine().getOut().println("Self-healing paused on every instance of the fleet; "
                            + "'warden heal resume --config FILE' resumes it.");
                    return 0;
                }
            }
            var pause = new HealPause(where.dir());
            pause.pause(System.getProperty("user.name", "unknown"), reason, Clock.systemUTC().instant());
            spec.commandLine().getOut().println("Self-healing paused (" + pause.file() + "); 'warden heal resume' resumes it.");
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume self-healing.")
    static final class Resume implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StateOptions where;

        @Override
        public Integer call() {
            boolean was;
            try (var fleet = where.fleet()) {
                was = fleet != null ? fleet.resume() : new HealPause(where.dir()).resume();
            }
            spec.commandLine().getOut().println(was ? "Self-healing resumed." : "Self-healing was not paused.");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether self-healing is paused, and each alert it is handling: attempts, next attempt, escalation.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StateOptions where;

        @Override
        public Integer call() throws IOException {
            var out = spec.commandLine().getOut();
            Path dir = where.dir();
            String paused;
            String kept = dir.toAbsolutePath().toString();
            java.util.Map<String, HealStateStore> stores = new java.util.LinkedHashMap<>();
            try (var fleet = where.fleet()) {
                paused = fleet != null ? fleet.pauseReason() : new HealPause(dir).reason();
                if (fleet != null) {
                    WardenConfig cfg = ConfigOption.load(where.config);
                    stores.putAll(fleetStates(cfg));
                    kept = "the fleet's topic " + cfg.ha().stateTopic();
                }
            }
            out.println(paused == null ? "Self-healing is active." : "Self-healing is PAUSED " + paused + ".");
            if (stores.isEmpty() && kept.equals(dir.toAbsolutePath().toString())) {
                try (var list = Files.list(dir)) {
                    list.filter(f -> f.getFileName().toString().matches("heal-.+\\.json")
                            && !f.getFileName().toString().equals("heal-paused.json")).sorted()
                            .forEach(f -> stores.put(f.getFileName().toString().replaceAll("^heal-|\\.json$", ""),
                                    new HealStateStore(f)));
                } catch (java.nio.file.NoSuchFileException e) {
                    // no state directory yet: nothing handled
                }
            }
            Table table = new Table("CLUSTER", "ALERT", "PLAYBOOK", "ATTEMPTS", "LAST", "NEXT ATTEMPT", "DECISION");
            int rows = 0;
            for (var entry : stores.entrySet()) {
                String cluster = entry.getKey();
                for (var i : entry.getValue().incidents()) {
                    table.row(cluster, i.key(), i.playbook(), i.attempts(), i.lastOutcome(), i.nextAttemptAt(), i.lastDecision());
                    rows++;
                }
            }
            if (rows == 0) {
                out.println("No alert is being handled (state in " + kept + ").");
            } else {
                table.print(out, "");
            }
            out.flush();
            return 0;
        }
    }

    /** Each cluster's healing state as the fleet's owners keep it on the home cluster. */
    private static java.util.Map<String, HealStateStore> fleetStates(WardenConfig cfg) {
        var home = io.warden.daemon.ClusterWatch.connection(cfg.ha().home(), cfg.watch().timeout());
        try (var admin = io.warden.kafka.KafkaConnection.create(home)) {
            return new io.warden.daemon.ha.FleetStatusService().healStates(io.warden.daemon.ha.HaLayout.of(cfg), home, admin,
                    cfg.watch().timeout());
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Every self-healing decision, action and outcome from the audit trail (as 'warden events --type heal').")
    static final class History extends EventsCommand {
        @Override
        List<String> defaultTypes() {
            return List.of("heal");
        }
    }
}
