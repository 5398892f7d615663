package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which cluster of a --config file status, verify and lag judge: named, or the only one; never a guess. */
class ThresholdConfigOptionsTest {

    @TempDir
    Path dir;

    @Test
    void aFileWithSeveralClustersNeedsOneNamedBeforeAnythingConnects() throws Exception {
        Path yaml = Files.writeString(dir.resolve("w.yaml"), """
                clusters:
                  - name: east
                    bootstrap-servers: 127.0.0.1:1
                  - name: west
                    bootstrap-servers: 127.0.0.1:2
                """);

        Cli unnamed = Cli.run("status", "--config", yaml.toString());
        assertThat(unnamed.exitCode()).isEqualTo(64);
        assertThat(unnamed.err()).contains("lists 2 clusters [east, west]: choose one with --cluster");

        Cli unknown = Cli.run("lag", "--config", yaml.toString(), "--cluster", "north");
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.err()).contains("--cluster north", "has no cluster of that name", "[east, west]");
    }

    @Test
    void aClusterNeedsAFileToBeNamedIn() {
        Cli cli = Cli.run("verify", "--cluster", "east");
        assertThat(cli.exitCode()).isEqualTo(64);
        assertThat(cli.err()).contains("--cluster east names a cluster of --config");
    }
}
