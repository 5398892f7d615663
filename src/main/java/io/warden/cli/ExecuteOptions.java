package io.warden.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a data-changing command: it prints its plan unless told {@code --execute}, records
 * what it changed in the config's audit trail, and renders as a table or JSON.
 */
final class ExecuteOptions {

    @Option(names = "--execute", description = "Make the change. Without it the plan is printed and nothing changes.")
    boolean execute;

    @Mixin
    ConfigOption configOption;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    Output output;

    /** The warden.yaml given, or null. */
    Path config() {
        return configOption.file();
    }
}
