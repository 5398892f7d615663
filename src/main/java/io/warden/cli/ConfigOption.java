package io.warden.cli;

import io.warden.config.ConfigLoader;
import io.warden.config.WardenConfig;
import java.nio.file.Path;

/** The warden.yaml a command was given with --config, read and checked in full even when only one setting is used. */
final class ConfigOption {

    private ConfigOption() {
    }

    /** The config in {@code file}, or the defaults when no file was named. */
    static WardenConfig load(Path file) {
        return file == null ? WardenConfig.defaults() : ConfigLoader.fromSystemEnvironment().load(file);
    }
}
