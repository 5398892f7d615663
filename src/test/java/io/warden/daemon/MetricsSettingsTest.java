package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code metrics:} section is checked before the daemon starts, each problem at its line. */
class MetricsSettingsTest {

    @Test
    void aBadGroupPatternOrANegativeCountIsAConfigErrorAtItsLine(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), "cluster: {name: c, bootstrap-servers: \"127.0.0.1:1\"}\n"
                + "audit: {file: " + dir.resolve("audit.jsonl") + "}\n"
                + "alerts: {silences-file: " + dir.resolve("silences.json") + "}\n"
                + "metrics:\n"
                + "  partition-lag:\n"
                + "    - payments-.*\n"
                + "    - orders-(eu\n"
                + "  worst-partitions: -1\n");

        Cli cli = Cli.run("config", "validate", yaml.toString());

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(78);
        assertThat(cli.err()).contains(yaml + ":7:7: metrics.partition-lag[1]: 'orders-(eu' is not a regular expression: "
                + "Unclosed group at index 10", yaml + ":8:21: metrics.worst-partitions: -1 is negative", "2 problems in");
        assertThat(cli.err().lines().filter(l -> l.contains("orders-(eu"))).hasSize(1);
        assertThat(cli.err()).doesNotContain("\tat ").doesNotContain("^");
    }

    @Test
    void patternsAndACountThatAreRightAreValid(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), "cluster: {name: c, bootstrap-servers: \"127.0.0.1:1\"}\n"
                + "audit: {file: " + dir.resolve("audit.jsonl") + "}\n"
                + "alerts: {silences-file: " + dir.resolve("silences.json") + "}\n"
                + "metrics: {partition-lag: [\"payments-.*\", \"\\\\Qodd(name\\\\E\"], worst-partitions: 0}\n");

        Cli cli = Cli.run("config", "validate", yaml.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
    }
}
