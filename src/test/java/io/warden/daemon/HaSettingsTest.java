package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ha:} section is checked as every other section is, before anything starts: each
 * problem on one line at its place in the file, exit 78.
 */
class HaSettingsTest {

    @TempDir
    Path dir;

    private Cli validate(String ha) throws Exception {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), "cluster: {name: c, bootstrap-servers: \"127.0.0.1:1\"}\n"
                + "audit: {file: " + dir.resolve("audit.jsonl") + "}\nalerts: {silences-file: " + dir.resolve("silences.json")
                + "}\nhttp: {port: -1}\n" + ha);
        return Cli.run("config", "validate", yaml.toString());
    }

    @Test
    void aFleetWithoutAHomeClusterIsRefusedSayingWhatToAdd() throws Exception {
        Cli cli = validate("ha:\n  group: payments-fleet\n");

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(78);
        assertThat(cli.err()).contains("warden.yaml:6").contains("ha.home").contains("bootstrap-servers");
    }

    @Test
    void namesKafkaWouldRefuseAndAnImpossibleSessionTimeoutAreEachReportedAtTheirLine() throws Exception {
        Cli cli = validate("""
                ha:
                  group: "pay ments"
                  home: {bootstrap-servers: "127.0.0.1:1"}
                  instance: "a/b"
                  session-timeout: 500ms
                """);

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(78);
        assertThat(cli.err()).contains("warden.yaml:6", "ha.group", "'pay ments'")
                .contains("warden.yaml:8", "ha.instance", "'a/b'")
                .contains("warden.yaml:9", "ha.session-timeout", "1s to 30m");
        assertThat(cli.err()).doesNotContain("Exception");
    }

    @Test
    void aWellFormedSectionIsValid() throws Exception {
        Cli cli = validate("""
                ha:
                  group: payments-fleet
                  home: {bootstrap-servers: "127.0.0.1:1"}
                  instance: warden-1
                """);

        assertThat(cli.exitCode()).as(cli.err()).isZero();
    }
}
