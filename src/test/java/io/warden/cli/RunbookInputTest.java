package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given input that is wrong without asking any cluster, when the operator runs a runbook command
 * against a bootstrap address where nothing listens, then the input error is reported with its
 * exit code, not "cannot reach Kafka" (69): it is checked before anything connects.
 */
class RunbookInputTest {

    static final String NOWHERE = "127.0.0.1:1";

    @TempDir
    static Path dir;

    static Stream<Arguments> badInput() throws Exception {
        Path malformed = Files.writeString(dir.resolve("topics.yaml"), "topics:\n  - name: orders\n    partitions: many\n");
        Path badName = Files.writeString(dir.resolve("names.yaml"), "topics:\n  - name: 'orders and more'\n    partitions: 1\n");
        Path unsetEnv = Files.writeString(dir.resolve("warden.yaml"), "audit:\n  file: ${WARDEN_TEST_SURELY_UNSET}/a.jsonl\n");
        String missing = dir.resolve("missing.csv").toString();
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        return Stream.of(
                Arguments.of(List.of("topics", "create", "orders", "--partitions", "-3"), 64, "--partitions must be at least 1"),
                Arguments.of(List.of("topics", "create", "orders", "--partitions", "3", "--replication-factor", "0"), 64,
                        "--replication-factor must be at least 1"),
                Arguments.of(List.of("topics", "create", "orders and more", "--partitions", "3"), 64, "is not a topic name"),
                Arguments.of(List.of("topics", "alter", "orders", "--partitions", "-3"), 64, "--partitions must be at least 1"),
                Arguments.of(List.of("topics", "alter", "orders"), 64, "say what to change"),
                Arguments.of(List.of("topics", "create", "orders", "--partitions", "3", "--execute", "--config-file",
                        unsetEnv.toString()), 78, "WARDEN_TEST_SURELY_UNSET"),
                Arguments.of(List.of("topics", "plan", "-f", dir.resolve("nope.yaml").toString()), 66, "does not exist"),
                Arguments.of(List.of("topics", "apply", "-f", malformed.toString()), 78, "'many' is not a positive whole number"),
                Arguments.of(List.of("topics", "plan", "-f", badName.toString()), 78, "orders and more"),
                Arguments.of(List.of("groups", "reset-offsets", "-g", "billing", "--from-file", missing), 66, "does not exist"),
                Arguments.of(List.of("groups", "import", "--from-file", missing), 66, "does not exist"),
                Arguments.of(List.of("groups", "reset-offsets", "-g", "billing", "--topic", "orders:x", "--to-earliest"), 64,
                        "'x' is not a partition number"),
                Arguments.of(List.of("groups", "reset-offsets", "-g", "billing", "--topic", "orders:-1", "--to-earliest"), 64,
                        "partition -1 is negative"),
                Arguments.of(List.of("groups", "reset-offsets", "-g", "billing", "--all-topics", "--to-offset", "-3"), 64,
                        "--to-offset must be an offset, 0 or more"),
                Arguments.of(List.of("groups", "reset-offsets", "-g", "billing", "--all-topics", "--to-earliest", "--undo-file",
                        aFile.toString()), 73, "exists already"),
                Arguments.of(List.of("groups", "reset-offsets", "-g", "billing", "--all-topics", "--to-earliest", "--undo-file",
                        aFile.resolve("below").toString()), 73, "is not a directory"),
                Arguments.of(List.of("groups", "reset-offsets", "-g", "billing", "--all-topics", "--to-earliest", "--execute",
                        "--config", unsetEnv.toString()), 78, "WARDEN_TEST_SURELY_UNSET"),
                Arguments.of(List.of("groups", "delete", "old-app", "--execute", "--config", unsetEnv.toString()), 78,
                        "WARDEN_TEST_SURELY_UNSET"),
                Arguments.of(List.of("cleanup", "report", "--idle-days", "-1"), 64, "--idle-days must be 0 or more"),
                Arguments.of(List.of("cleanup", "report", "--include", "old-(app"), 64, "--include 'old-(app' is not a regular expression"),
                Arguments.of(List.of("cleanup", "report", "--connect-worker-config", dir.resolve("worker.properties").toString()), 66,
                        "does not exist"),
                Arguments.of(List.of("cleanup", "report", "--connect-worker-config", dir.toString()), 66, "is a directory"),
                Arguments.of(List.of("cleanup", "report", "--connect-worker-config", "/dev/zero"), 66, "is not a regular file"),
                Arguments.of(List.of("cleanup", "report", "--connect-worker-config", aFile.toString()), 65, "names none of"),
                Arguments.of(List.of("cleanup", "report", "--execute", "--yes", "--config-file", unsetEnv.toString()), 78,
                        "WARDEN_TEST_SURELY_UNSET"),
                Arguments.of(List.of("dlq", "replay", "orders.DLT", "--allow-topics", "[orders"), 64,
                        "--allow-topics '[orders' is not a regular expression"),
                Arguments.of(List.of("dlq", "replay", "orders.DLT", "--allow-topics", "orders", "--to", "orders"), 64,
                        "--to and --allow-topics exclude each other"),
                Arguments.of(List.of("dlq", "replay", "orders.DLT", "--execute", "--config", unsetEnv.toString()), 78,
                        "WARDEN_TEST_SURELY_UNSET"),
                Arguments.of(List.of("dlq", "replay", "orders.DLT", "--since", "2026-01-02T00:00:00Z", "--until",
                        "2026-01-01T00:00:00Z"), 64, "is not before --until"),
                Arguments.of(List.of("dlq", "purge", "orders.DLT", "--up-to", "-1"), 64, "--up-to must be an offset"),
                Arguments.of(List.of("dlq", "purge", "orders.DLT", "--replayed", "--execute", "--config", unsetEnv.toString()), 78,
                        "WARDEN_TEST_SURELY_UNSET"));
    }

    /** Every command that takes a warden.yaml as --config (and as --config-file, its former name in some of them). */
    static Stream<List<String>> configCommands() throws Exception {
        Path topics = Files.writeString(dir.resolve("apply.yaml"), "topics:\n  - name: orders\n    partitions: 1\n");
        Path offsets = Files.writeString(dir.resolve("offsets.csv"), "orders,0,5\n");
        Path metadata = Files.writeString(dir.resolve("metadata.json"), "{\"format\": \"warden-metadata-backup\", \"version\": 1,"
                + " \"capturedAt\": \"2026-01-01T00:00:00Z\", \"clusterId\": \"c\", \"topics\": {}, \"groups\": {}}");
        String backupTo = dir.resolve("backup-out.json").toString();
        return Stream.of(
                List.of("cleanup", "report"),
                List.of("topics", "delete", "orders"),
                List.of("topics", "apply", "-f", topics.toString()),
                List.of("backup", "metadata", "--to", backupTo),
                List.of("restore", "metadata", metadata.toString()),
                List.of("groups", "delete", "old-app"),
                List.of("groups", "reset-offsets", "-g", "billing", "--all-topics", "--to-earliest"),
                List.of("groups", "import", "-g", "billing", "--from-file", offsets.toString()),
                List.of("dlq", "replay", "orders.DLT"),
                List.of("dlq", "purge", "orders.DLT", "--replayed"),
                List.of("restore", dir.resolve("a-backup").toString()));
    }

    static Stream<Arguments> configNames() throws Exception {
        return configCommands().flatMap(command -> Stream.of("--config", "--config-file").map(name -> Arguments.of(command, name)));
    }

    @ParameterizedTest
    @MethodSource("configNames")
    void configAndItsFormerNameReadTheSameFile(List<String> command, String name) throws Exception {
        Path unsetEnv = Files.writeString(dir.resolve("unset-env.yaml"), "audit:\n  file: ${WARDEN_TEST_SURELY_UNSET}/a.jsonl\n"
                + "cluster:\n  schema-registry:\n    urls: [http://127.0.0.1:1]\n");
        Path missing = dir.resolve("no-such-warden.yaml");

        Cli invalid = runWith(command, name, unsetEnv.toString());
        Cli absent = runWith(command, name, missing.toString());
        Cli both = runWith(command, "--config", missing.toString(), "--config-file", missing.toString());

        assertThat(invalid.exitCode()).as(invalid.err()).isEqualTo(78);
        assertThat(invalid.err()).contains("WARDEN_TEST_SURELY_UNSET", unsetEnv.getFileName().toString()).doesNotContain("\tat ");
        assertThat(absent.exitCode()).as(absent.err()).isEqualTo(66);
        assertThat(absent.err()).contains(missing.toString(), "does not exist").doesNotContain("\tat ");
        assertThat(both.exitCode()).as(both.err()).isEqualTo(64);
        assertThat(both.err()).contains("--config-file is the former name of --config");
    }

    /** Help names the file --config; the former name is accepted but not shown. */
    @ParameterizedTest
    @MethodSource("configCommands")
    void helpShowsOnlyConfig(List<String> command) {
        List<String> args = new ArrayList<>(command.stream().takeWhile(a -> !a.startsWith("-") && !a.contains("/")
                && !a.equals("orders") && !a.equals("old-app") && !a.equals("orders.DLT")).toList());
        args.add("--help");

        Cli help = Cli.run(args.toArray(String[]::new));

        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).contains("--config=FILE").doesNotContain("--config-file");
    }

    /** In topics create and alter --config is a topic config, as in kafka-topics: the file stays --config-file. */
    @ParameterizedTest
    @MethodSource("topicConfigCommands")
    void topicsCreateAndAlterKeepConfigFile(List<String> command) throws Exception {
        Path unsetEnv = Files.writeString(dir.resolve("unset-env-topics.yaml"), "audit:\n  file: ${WARDEN_TEST_SURELY_UNSET}/a.jsonl\n");

        Cli invalid = runWith(command, "--config", "retention.ms=60000", "--config-file", unsetEnv.toString());
        Cli notAConfig = runWith(command, "--config", unsetEnv.toString());

        assertThat(invalid.exitCode()).as(invalid.err()).isEqualTo(78);
        assertThat(invalid.err()).contains("WARDEN_TEST_SURELY_UNSET");
        assertThat(notAConfig.exitCode()).as(notAConfig.err()).isEqualTo(64);
        assertThat(Cli.run(command.get(0), command.get(1), "--help").out()).contains("--config=KEY=VALUE", "--config-file=FILE");
    }

    static Stream<List<String>> topicConfigCommands() {
        return Stream.of(List.of("topics", "create", "orders", "--partitions", "3"), List.of("topics", "alter", "orders", "--partitions", "3"));
    }

    private static Cli runWith(List<String> command, String... more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(more));
        all.addAll(List.of("-b", NOWHERE, "--timeout", "2s"));
        return Cli.run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void isRejectedBeforeConnecting(List<String> args, int exitCode, String message) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("-b", NOWHERE, "--timeout", "2s"));

        Cli cli = Cli.run(all.toArray(String[]::new));

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(exitCode);
        assertThat(cli.err()).contains(message).doesNotContain("cannot reach Kafka", "\tat ");
    }
}
