package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A daemon whose audit trail, healing state or log cannot be written must not run blind: it
 * refuses to start (exit 73) and names the path, before it builds a Kafka client; and
 * {@code config validate} says the same.
 */
class DaemonOutputsTest {

    @TempDir
    Path dir;

    @org.junit.jupiter.api.AfterEach
    void stopLoggingToTheTestsFile() {
        var root = ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory())
                .getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME);
        var file = root.getAppender("file");
        if (file != null) {
            file.stop();
            root.detachAppender(file);
        }
    }

    private Path config(String section) throws Exception {
        return Files.writeString(dir.resolve("w.yaml"), """
                cluster: {bootstrap-servers: "127.0.0.1:1"}
                watch: {timeout: 1s}
                alerts: {silences-file: %s}
                audit: {file: %s}
                """.formatted(dir.resolve("silences.json"), dir.resolve("audit.jsonl")) + section);
    }

    private static Cli watchOnce(Path config) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("watch", "--config", config.toString(), "--once"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            audit file in a directory nothing can be created in | audit: {file: /proc/warden-audit.jsonl}       | audit.file: cannot write in /proc
            audit file whose directory cannot be created        | audit: {file: /proc/warden/audit.jsonl}       | audit.file: cannot create /proc/warden
            audit file that is a directory                      | audit: {file: DIR}                            | audit.file: DIR is a directory
            audit file under a regular file                     | audit: {file: DIR/w.yaml/audit.jsonl}         | audit.file: cannot create DIR/w.yaml: DIR/w.yaml is not a directory
            healing state under a regular file                  | heal: {state-dir: DIR/w.yaml/state, playbooks: [{name: p, steps: [{action: notify-only}]}]} | heal.state-dir: cannot create DIR/w.yaml/state
            healing state dir that cannot be created            | heal: {state-dir: /proc/warden, playbooks: [{name: p, steps: [{action: notify-only}]}]} | heal.state-dir: cannot create /proc/warden
            log file that is a directory                        | logging: {file: DIR}                          | logging.file: DIR is a directory
            log file in a directory nothing can be created in   | logging: {file: /sys/warden.log}              | logging.file: cannot write in /sys
            silences file that is a directory                   | alerts: {silences-file: DIR}                  | alerts.silences-file: DIR is a directory
            """)
    void theDaemonRefusesToStartAndValidateSaysWhy(String name, String section, String problem) throws Exception {
        String yaml = section.replace("DIR", dir.toString());
        Path file = config(yaml.startsWith("audit:") || yaml.startsWith("alerts:") ? "" : yaml);
        if (yaml.startsWith("audit:") || yaml.startsWith("alerts:")) {
            // the section replaces the default one of the base config
            String text = Files.readString(file).replaceAll("(?m)^" + yaml.substring(0, yaml.indexOf(':')) + ":.*$", yaml);
            Files.writeString(file, text);
        }
        String expected = problem.replace("DIR", dir.toString());

        Cli watch = watchOnce(file);
        Cli validate = Cli.run("config", "validate", file.toString());

        assertThat(watch.exitCode()).as(watch.out() + watch.err()).isEqualTo(73);
        assertThat(watch.err()).contains(expected).doesNotContain("cannot connect", "unexpected error");
        assertThat(watch.out()).as("no cycle ran").isEmpty();
        assertThat(validate.exitCode()).as(validate.err()).isEqualTo(73);
        assertThat(validate.err()).contains(expected);
        assertThat(dir.resolve("audit.jsonl")).as("nothing was audited").doesNotExist();
    }

    @Test
    void aReadOnlyDirectoryIsRefusedForAnyoneButRoot() throws Exception {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root writes in any directory");
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE));
        Path file = config("");
        Files.writeString(file, Files.readString(file).replace(dir.resolve("audit.jsonl").toString(),
                readOnly.resolve("audit.jsonl").toString()));

        Cli watch = watchOnce(file);

        assertThat(watch.exitCode()).isEqualTo(73);
        assertThat(watch.err()).contains("audit.file: cannot write in " + readOnly + " (permission denied)");
    }

    @Test
    void missingDirectoriesOfTheFilesAreMadeAtStart() throws Exception {
        Path file = config("logging: {file: " + dir.resolve("log/warden.log") + "}\n");
        Files.writeString(file, Files.readString(file).replace(dir.resolve("audit.jsonl").toString(),
                dir.resolve("audit/trail.jsonl").toString()));

        assertThat(Cli.run("config", "validate", file.toString()).exitCode()).isZero();
        assertThat(dir.resolve("audit")).as("validate makes nothing").doesNotExist();
        Cli watch = watchOnce(file);

        assertThat(watch.exitCode()).as(watch.err()).isBetween(0, 3);
        assertThat(dir.resolve("audit/trail.jsonl")).exists();
        assertThat(dir.resolve("log")).isDirectory();
    }
}
