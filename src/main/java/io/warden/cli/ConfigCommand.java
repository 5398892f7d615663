package io.warden.cli;

import io.warden.WardenException;
import io.warden.config.ConfigLoader;
import java.nio.file.Path;
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
                "Environment variables named as ${VAR} must be set, as they will be for the daemon.",
                "Exit 0 when valid, 78 when not."},
            footerHeading = "%nExamples:%n", footer = "  warden config validate /etc/warden/warden.yaml")
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            var loader = ConfigLoader.fromSystemEnvironment();
            var problems = loader.validate(file);
            if (problems.isEmpty()) {
                // the playbooks' actions check their own settings (plugins included)
                io.warden.heal.Playbooks.from(loader.load(file).heal(), new io.warden.heal.ActionResources(null));
                spec.commandLine().getOut().println(file + ": valid");
                return 0;
            }
            problems.forEach(p -> spec.commandLine().getErr().println(p));
            spec.commandLine().getErr().println(problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " in " + file);
            return WardenException.CONFIG;
        }
    }
}
