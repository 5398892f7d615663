package io.warden.cli;

import io.warden.config.ConfigLoader;
import io.warden.config.WardenConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which audit trail a reading command reads: --file, else the config's audit.file, else the default. */
final class AuditFileOptions {

    @Option(names = {"-f", "--file"}, paramLabel = "PATH",
            description = "The audit trail to read (default: the config's audit.file, else ./warden-audit.jsonl).")
    Path file;

    @Option(names = "--config", paramLabel = "FILE", description = "warden.yaml naming audit.file.")
    Path config;

    Path path() {
        if (file != null) {
            return file;
        }
        WardenConfig cfg = config == null ? WardenConfig.defaults() : ConfigLoader.fromSystemEnvironment().load(config);
        return Path.of(cfg.audit().file());
    }
}
