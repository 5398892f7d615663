package io.warden.cli;

import io.warden.WardenException;
import io.warden.config.ConfigLoader;
import io.warden.config.WardenConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The warden.yaml a command was given with --config, read and checked in full even when only one setting is used.
 * As a mixin it is the {@code --config} of the commands that change data or write files: the same name on each, with
 * {@code --config-file}, the name some of them had before, still accepted so that scripts written for it keep working.
 */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "warden.yaml to take settings from; its audit.file receives the audit record of an executed change.")
    private Path config;

    @Option(names = "--config-file", paramLabel = "FILE", hidden = true, description = "The former name of --config.")
    private Path configFile;

    /** The file named by --config or --config-file, or null. */
    Path file() {
        if (config != null && configFile != null) {
            throw new WardenException(WardenException.USAGE, "--config " + config + " and --config-file " + configFile
                    + " name the same setting (--config-file is the former name of --config): give it once");
        }
        return config != null ? config : configFile;
    }

    /** The config in {@code file}, or the defaults when no file was named. */
    static WardenConfig load(Path file) {
        return file == null ? WardenConfig.defaults() : ConfigLoader.fromSystemEnvironment().load(file);
    }
}
