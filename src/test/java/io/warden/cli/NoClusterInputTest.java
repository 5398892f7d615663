package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given input that is wrong without any cluster (a missing backup directory, a file where a
 * directory belongs, a garbage cut, manifest or drift baseline), when the operator runs the
 * command against a cluster that cannot be reached, then the input is reported, with its code and
 * file, not "cannot reach Kafka".
 */
class NoClusterInputTest {

    static final String NOWHERE = "127.0.0.1:1";

    @TempDir
    static Path tmp;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(tmp.resolve("a-file"), "not a directory");
        Files.createDirectories(tmp.resolve("garbage-cut"));
        Files.writeString(tmp.resolve("garbage-cut/cut.json"), "{\"formatVersion\": 1, \"topics\": [");
        Files.createDirectories(tmp.resolve("escaping-cut"));
        Files.writeString(tmp.resolve("escaping-cut/cut.json"), "{\"formatVersion\": 1, \"createdAt\": \"2026-01-01T00:00:00Z\","
                + " \"clusterId\": \"c\", \"topics\": [{\"name\": \"../../outside\", \"partitionCount\": 1, \"configs\": {},"
                + " \"partitions\": [{\"partition\": 0, \"startOffset\": 0, \"endOffset\": 5, \"records\": 0, \"segments\": []}]}]}");
        Files.createDirectories(tmp.resolve("garbage-manifest"));
        Files.writeString(tmp.resolve("garbage-manifest/manifest.json"), "\u0000\u0001 garbage");
        Files.createDirectories(tmp.resolve("null-manifest"));
        Files.writeString(tmp.resolve("null-manifest/manifest.json"), "{\"formatVersion\": 1, \"createdAt\": null, \"topics\": null}");
        Files.writeString(tmp.resolve("garbage-baseline.json"), "{\"format\": \"warden-metadata\", \"version\": 1, \"topics\": 7}");
        Files.writeString(tmp.resolve("not-json.json"), "}{");
        Files.createDirectories(tmp.resolve("a-directory"));
    }

    static List<Arguments> inputs() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of(73, "a-file", List.of("backup", "create", "--topics", "t", "--to", "$/a-file")));
        out.add(Arguments.of(73, "a-file", List.of("backup", "create", "--topics", "t", "--to", "$/a-file/below")));
        out.add(Arguments.of(65, "cut.json", List.of("backup", "create", "--topics", "t", "--to", "$/garbage-cut")));
        out.add(Arguments.of(65, "manifest.json", List.of("backup", "create", "--topics", "t", "--to", "$/garbage-manifest")));
        out.add(Arguments.of(65, "cut.json", List.of("backup", "create", "--topics", ".*", "--to", "$/escaping-cut")));
        out.add(Arguments.of(66, "missing-base", List.of("backup", "create", "--topics", "t", "--to", "$/new",
                "--incremental-from", "$/missing-base")));
        out.add(Arguments.of(66, "a-file", List.of("backup", "create", "--topics", "t", "--to", "$/new2", "--incremental-from", "$/a-file")));
        out.add(Arguments.of(65, "manifest.json", List.of("backup", "create", "--topics", "t", "--to", "$/new3",
                "--incremental-from", "$/null-manifest")));
        out.add(Arguments.of(66, "missing-dir", List.of("restore", "$/missing-dir")));
        out.add(Arguments.of(66, "missing-dir", List.of("restore", "$/missing-dir", "--execute")));
        out.add(Arguments.of(66, "a-file", List.of("restore", "$/a-file")));
        out.add(Arguments.of(66, "a-file", List.of("restore", "$/a-file", "--execute")));
        out.add(Arguments.of(65, "manifest.json", List.of("restore", "$/garbage-manifest")));
        out.add(Arguments.of(65, "manifest.json", List.of("restore", "$/null-manifest", "--execute")));
        out.add(Arguments.of(65, "garbage-baseline.json", List.of("drift", "diff", "--baseline", "$/garbage-baseline.json")));
        out.add(Arguments.of(65, "not-json.json", List.of("drift", "diff", "--baseline", "$/not-json.json")));
        out.add(Arguments.of(66, "missing.json", List.of("drift", "diff", "--baseline", "$/missing.json")));
        out.add(Arguments.of(66, "a-directory", List.of("drift", "diff", "--baseline", "$/a-directory")));
        out.add(Arguments.of(73, "a-directory", List.of("drift", "snapshot", "--to", "$/a-directory")));
        out.add(Arguments.of(73, "a-file", List.of("drift", "snapshot", "--to", "$/a-file/baseline.json")));
        return out;
    }

    @ParameterizedTest(name = "{index}: {2} -> {0}")
    @MethodSource("inputs")
    void wrongInputIsReportedBeforeConnecting(int exit, String named, List<String> args) {
        List<String> all = new ArrayList<>(args.stream().map(a -> a.replace("$", tmp.toString())).toList());
        all.addAll(List.of("-b", NOWHERE, "--timeout", "3s"));
        Cli run = Cli.run(all.toArray(String[]::new));
        assertThat(run.err()).as(run.err()).doesNotContain("cannot reach Kafka").contains(named);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exit);
        assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    }
}
