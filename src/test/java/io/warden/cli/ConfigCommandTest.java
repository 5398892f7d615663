package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {

    @Test
    void validateListsEveryProblemAndExits78(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "watch:\n  interval: soon\nchecks:\n  lag: {warning: -1}\n");

        Cli cli = Cli.run("config", "validate", bad.toString());

        assertThat(cli.exitCode()).isEqualTo(78);
        assertThat(cli.err()).contains(bad + ":2:13: watch.interval: 'soon' is not a duration",
                bad + ":4:18: checks.lag.warning: -1.0 is negative", "2 problems in");
    }

    @Test
    void theExampleConfigIsValid() {
        Cli cli = Cli.run("config", "validate", "deploy/warden.example.yaml");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("valid");
    }
}
