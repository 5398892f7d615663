package io.warden.cli;

import io.warden.WardenException;
import io.warden.config.ConfigLoader;
import io.warden.config.ConfigProblem;
import io.warden.config.LoadedConfig;
import io.warden.daemon.DaemonParts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Check a warden.yaml before the daemon reads it.",
        subcommands = ConfigCommand.Validate.class)
final class ConfigCommand {

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Report every problem in FILE at once, each as file:line:column: field: what is wrong.",
                "Checks what the daemon checks before it starts, the same way: the file itself, then its parts as the "
                    + "daemon builds them (channels, playbooks, API tokens, the TLS keystore, the HTTP address, each "
                    + "cluster's client settings and command-config, and that the audit trail, silences, healing "
                    + "state and log file can be written). So run it as the daemon's user, with its environment: "
                    + "$${VAR}s must be set as they will be for the daemon. Nothing is created or changed.",
                "No message shows a value that came from the environment, only its $${VAR}.",
                "Exit 0 when valid, 78 when not, 73 when only a file the daemon writes cannot be written."},
            footerHeading = "%nExamples:%n", footer = {"  warden config validate /etc/warden/warden.yaml",
                "  sudo -u warden sh -c 'set -a; . /etc/warden/warden.env; warden config validate /etc/warden/warden.yaml'"})
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            LoadedConfig loaded = ConfigLoader.fromSystemEnvironment().read(file);
            List<ConfigProblem> problems = loaded.problems();
            int exitCode = WardenException.CONFIG;
            if (problems.isEmpty()) {
                var verdict = DaemonParts.check(loaded, loaded.config());
                problems = verdict.problems();
                exitCode = verdict.exitCode();
            }
            if (problems.isEmpty()) {
                spec.commandLine().getOut().println(file + ": valid");
                return 0;
            }
            // the same words the daemon would stop with, through the one error path
            throw new WardenException(exitCode, ConfigProblem.describe(file, problems));
        }
    }
}
