package io.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.warden.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A config file that is hostile or broken in ways a data binder does not expect is refused at
 * once with its file and line (exit 78): never an internal error, never a hang.
 */
class ConfigLimitsTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    private List<ConfigProblem> problems(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), yaml);
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> loader.validate(file));
    }

    private WardenException refused(Path file) {
        return (WardenException) assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> org.assertj.core.api.Assertions.catchThrowable(() -> loader.load(file)));
    }

    /** Nine levels of nine aliases: 387,420,489 strings once expanded. */
    private static String laughs(int levels, int width) {
        StringBuilder yaml = new StringBuilder("notifiers:\n  x:\n    type: log\n    lol:\n      l0: &l0 \"lol\"\n");
        for (int i = 1; i <= levels; i++) {
            yaml.append("      l").append(i).append(": &l").append(i).append(" [")
                    .append(IntStream.range(0, width).mapToObj(n -> "*l").collect(Collectors.joining(", ")).replace("*l", "*l" + (i - 1)))
                    .append("]\n");
        }
        return yaml.toString();
    }

    @Test
    void aBillionLaughsIsRefusedAtTheFirstAliasTooMany() throws Exception {
        assertThat(problems(laughs(9, 9))).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(11);
            assertThat(p.message()).contains("more than 50 aliases");
        });
    }

    @Test
    void fewAliasesThatExpandToMillionsAreRefusedToo() throws Exception {
        assertThat(problems(laughs(10, 5))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("more than 100000 values once its aliases are expanded"));
    }

    @Test
    void anAliasOfItsOwnSectionIsRefused() throws Exception {
        assertThat(problems("notifiers:\n  x: &x\n    type: log\n    self: *x\n")).singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("notifiers.x.self: an alias refers to the section it stands in"));
    }

    @Test
    void aFewAliasesAreFine() throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                alerts:
                  rules:
                    - {name: a, check: consumer-lag, match: &payments {group: "payments-.*"}, warning: 10}
                    - {name: b, check: dlq-depth, match: *payments, warning: 10}
                """);

        assertThat(loader.load(file).alerts().rules().get(1).match()).containsEntry("group", "payments-.*");
    }

    @Test
    void deepNestingIsRefusedWithItsLine() throws Exception {
        String flow = "notifiers:\n  x: {type: log, deep: " + "[".repeat(50_000) + "]".repeat(50_000) + "}\n";
        assertThat(problems(flow)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("nested more than 32 levels deep");
        });
        StringBuilder block = new StringBuilder("notifiers:\n  x:\n    type: log\n    deep:\n");
        for (int i = 0; i < 60; i++) {
            block.append("  ".repeat(i + 3)).append("k").append(i).append(":\n");
        }
        assertThat(problems(block.toString())).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("nested more than 32 levels deep"));
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsParsed() throws Exception {
        Path file = Files.writeString(dir.resolve("huge.yaml"), "# " + "x".repeat(2 * 1024 * 1024) + "\n");
        WardenException e = refused(file);
        assertThat(e.exitCode()).isEqualTo(WardenException.CONFIG);
        assertThat(e.getMessage()).contains(file.toString(), "larger than 1 MiB");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            same key twice            | watch:\\n  interval: 5s\\n  interval: 10s                    | 3:3 | watch.interval: duplicate key; it is already set on line 2
            same section twice        | watch:\\n  interval: 5s\\nhttp:\\n  port: 1\\nwatch:\\n  timeout: 1s | 5:1 | watch: duplicate key
            same client property      | cluster:\\n  client:\\n    acks: all\\n    acks: '1'             | 4:5 | cluster.client.acks: duplicate key
            same channel twice        | notifiers:\\n  a: {type: log}\\n  a: {type: log}                  | 3:3 | notifiers.a: duplicate key
            same key in flow          | checks:\\n  lag: {warning: 1, warning: 2}                         | 2:21 | checks.lag.warning: duplicate key
            merge key                 | watch:\\n  <<: {interval: 5s}                                     | 2:3 | watch.<<: merge keys (<<) are not supported
            days beyond a long        | watch:\\n  interval: 999999999999999999d                          | 2:13 | watch.interval: '999999999999999999d' is not a duration
            digits beyond a long      | watch:\\n  interval: 99999999999999999999s                        | 2:13 | watch.interval: '99999999999999999999s' is not a duration
            days beyond an int of ms  | watch:\\n  interval: 999999999999d                                | 2:13 | watch.interval: '999999999999d' is longer than 24d
            25 days                   | watch:\\n  shutdown-timeout: 25d                                  | 2:21 | watch.shutdown-timeout: '25d' is longer than 24d
            negative ISO duration     | heal:\\n  cooldown: PT-5S                                         | 2:13 | heal.cooldown: 'PT-5S' is negative
            zero repeat interval      | alerts:\\n  rules:\\n    - name: r\\n      repeat-interval: 0s      | 4:24 | alerts.rules[0].repeat-interval: 'PT0S' must be longer than 0s
            zero step timeout         | heal:\\n  playbooks:\\n    - name: p\\n      steps:\\n        - {action: command, command: [x], timeout: 0s} | 5:52 | heal.playbooks[0].steps[0].timeout: 'PT0S' must be longer than 0s
            zero connect timeout      | cluster:\\n  connect:\\n    urls: [http://c:8083]\\n    timeout: 0s | 4:14 | cluster.connect.timeout: 'PT0S' must be longer than 0s
            port beyond an int        | http:\\n  port: 99999999999                                       | 2:9 | http.port: '99999999999' is out of range (at most 2147483647)
            int field beyond an int   | heal:\\n  max-actions-per-hour: 3000000000                        | 2:25 | heal.max-actions-per-hour: '3000000000' is out of range
            long field beyond a long  | audit:\\n  max-bytes: 99999999999999999999                        | 2:14 | audit.max-bytes: '99999999999999999999' is out of range
            broker id beyond an int   | cluster:\\n  expected-brokers: [1, 99999999999]                   | 2:25 | cluster.expected-brokers[1]: '99999999999' is out of range
            empty list item           | cluster:\\n  expected-brokers: [1, ~]                             | 2:25 | cluster.expected-brokers[1]: is empty
            infinite threshold        | checks:\\n  lag: {warning: 1e999}                                 | 2:18 | checks.lag.warning: '1e999' is not a number
            not a number threshold    | checks:\\n  lag: {warning: .nan}                                  | 2:18 | checks.lag.warning: '.nan' is not a number
            fraction in an int field  | heal:\\n  max-brokers-down: 1.5                                   | 2:21 | heal.max-brokers-down: '1.5' is not a whole number
            a window of a million cycles | watch:\\n  interval: 1s\\n  window: 12d                  | 3:11 | watch.window: 'PT288H' holds more than 10000 cycles
            negative log files kept   | logging:\\n  keep: -1                                            | 2:9 | logging.keep: -1 must be 0 or more
            two documents             | watch: {}\\n---\\nwatch: {}                                        | 2:1 | not valid YAML
            a list for a key          | ? [a, b]\\n: c                                                    | 1:3 | a key must be a plain name
            """)
    void strictParsingNamesLineAndField(String name, String yaml, String at, String message) throws Exception {
        assertThat(problems(yaml.replace("\\n", "\n"))).as(name).singleElement().satisfies(p -> {
            assertThat(p.toString()).contains(message);
            assertThat(p.line() + ":" + p.column()).isEqualTo(at);
        });
    }

    @Test
    void binaryGarbageAndInvalidUtf8AreNamedWithTheirPlace() throws Exception {
        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {'w', 'a', 't', 'c', 'h', ':', '\n', ' ', ' ', 0, 1, 2, 3});
        assertThat(refused(binary)).satisfies(e -> {
            assertThat(e.exitCode()).isEqualTo(WardenException.CONFIG);
            assertThat(e.getMessage()).startsWith(binary + ":2:3: control character U+0000");
        });
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), "cluster:\n  name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(refused(latin1)).satisfies(e -> {
            assertThat(e.exitCode()).isEqualTo(WardenException.CONFIG);
            assertThat(e.getMessage()).startsWith(latin1 + ":2:12: not UTF-8 (byte 0xE9)");
        });
        Path random = Files.write(dir.resolve("random.yaml"), new java.util.Random(7).ints(4096, 0, 256)
                .collect(java.io.ByteArrayOutputStream::new, (o, b) -> o.write(b), (a, b) -> { }).toByteArray());
        assertThat(refused(random).exitCode()).isEqualTo(WardenException.CONFIG);
    }

    @Test
    void whatIsNotARegularFileIsRefusedWithoutReadingIt() throws Exception {
        assertThat(refused(dir)).satisfies(e -> {
            assertThat(e.exitCode()).isEqualTo(WardenException.NO_INPUT);
            assertThat(e.getMessage()).contains(dir + " is a directory");
        });
        assertThat(refused(Path.of("/dev/zero"))).satisfies(e -> {
            assertThat(e.exitCode()).isEqualTo(WardenException.NO_INPUT);
            assertThat(e.getMessage()).contains("/dev/zero is not a regular file");
        });
        Path fifo = dir.resolve("fifo.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThat(refused(fifo)).satisfies(e -> assertThat(e.getMessage()).contains("is not a regular file"));
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml")))
                .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(WardenException.NO_INPUT));
    }

    @Test
    void anUnreadableFileIsNamed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path file = Files.writeString(dir.resolve("secret.yaml"), "watch: {}\n");
        Files.setPosixFilePermissions(file, java.util.Set.of());
        assertThat(refused(file)).satisfies(e -> {
            assertThat(e.exitCode()).isEqualTo(WardenException.NO_INPUT);
            assertThat(e.getMessage()).contains(file + " cannot be read: check its permissions");
        });
    }
}
