package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Malformed input, systematically: every command with bad numbers, durations, times, enums,
 * paths (missing, a directory, a device, a FIFO, an unwritable place), unknown options and
 * commands, and garbage files. Each must end in one line that starts with {@code warden:}, a
 * documented exit code that says what kind of mistake it was, no stack trace, no hang, and nothing
 * changed: the Kafka address is unreachable, so any case that gets as far as Kafka before
 * noticing its input is wrong ends in 69 and fails here, and the working directory is compared
 * before and after.
 *
 * <p>The cases are generated from the command tree itself, so a new option is covered the day it
 * is added; the base command lines below are valid but for the one bad value a case adds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCampaignTest {

    private static final String[] KAFKA = {"-b", "127.0.0.1:1", "--timeout", "2s"};
    /** Where a command without a config writes its audit records: the working directory. */
    private static final Path DEFAULT_TRAIL = Path.of("warden-audit.jsonl");
    /** Options whose negative values mean something (a backwards shift, "no limit"). */
    private static final Set<String> NEGATIVE_ALLOWED = Set.of("--shift-by", "--retention-ms");
    /** Options for which 0 is meaningless: nothing to wait for, copy or create. */
    private static final Set<String> ZERO_REFUSED = Set.of("--partitions", "--replication-factor", "--parallelism",
            "--segment-bytes", "--segment-records", "--transaction-size", "--brokers", "--max-ids", "--interval",
            "--duration", "--timeout", "--max-records", "--for");
    /** Files a command creates when missing (a first silence, the healing state) or reads as empty (a trail not written yet). */
    private static final Set<String> CREATED_WHEN_MISSING = Set.of("events --file", "report --file", "heal history --file",
            "silence add --file", "silence list --file",
            "silence expire --file", "heal pause --state-dir", "heal resume --state-dir", "heal status --state-dir");
    /** Config maps whose keys are the user's own (labels, label matchers, HTTP headers): any key is valid there. */
    private static final Set<String> FREE_FORM = Set.of("labels", "match", "headers");
    /** Path options read by the command; the others are written. */
    private static final Set<String> OUTPUT_PATHS = Set.of("--undo-file", "--markdown");

    private Path dir;
    private Path work;
    private Map<String, List<String>> bases;

    @BeforeAll
    void setUp() throws Exception {
        dir = Files.createTempDirectory("warden-bad-input");
        work = Files.createDirectories(dir.resolve("work"));
        Files.createDirectories(dir.resolve("empty-dir"));
        Files.writeString(dir.resolve("offsets.csv"), "orders,0,10\n");
        Files.writeString(dir.resolve("topics.yaml"), "topics:\n  - name: orders\n    partitions: 3\n    replication-factor: 1\n");
        Files.writeString(dir.resolve("audit.jsonl"), "");
        Files.writeString(dir.resolve("silences.json"), "[]");
        Files.writeString(dir.resolve("metadata.json"), "{\"format\": \"warden-metadata-backup\", \"version\": 1, "
                + "\"capturedAt\": \"2026-01-01T00:00:00Z\", \"clusterId\": \"c\", \"topics\": {}, \"groups\": {}}");
        Files.writeString(dir.resolve("baseline.json"), "{\"format\": \"warden-metadata\", \"version\": 1, "
                + "\"capturedAt\": \"2026-01-01T00:00:00Z\", \"clusterId\": \"c\", \"topics\": {}, \"brokers\": {}, "
                + "\"clusterDefaults\": {}}");
        Files.writeString(dir.resolve("a-file"), "not a directory\n");
        Files.write(dir.resolve("garbage.bin"), garbage());
        Files.writeString(dir.resolve("warden.yaml"), String.join("\n",
                "cluster:", "  bootstrap-servers: 127.0.0.1:1",
                "watch:", "  timeout: 2s",
                "audit:", "  file: " + work.resolve("audit.jsonl"),
                "alerts:", "  silences-file: " + work.resolve("silences.json"),
                "heal:", "  state-dir: " + work, ""));
        Path fifo = dir.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        bases = bases();
    }

    @AfterAll
    void clean() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String f(String name) {
        return dir.resolve(name).toString();
    }

    /** A valid command line for each command that runs something; a case changes one thing in it. */
    private Map<String, List<String>> bases() {
        Map<String, List<String>> b = new LinkedHashMap<>();
        kafka(b, "status");
        kafka(b, "lag");
        kafka(b, "groups list");
        kafka(b, "groups describe", "billing");
        kafka(b, "groups reset-offsets", "-g", "billing", "--all-topics", "--to-earliest");
        kafka(b, "groups export", "-g", "billing");
        kafka(b, "groups import", "-g", "billing", "--from-file", f("offsets.csv"));
        kafka(b, "groups delete", "billing");
        kafka(b, "diagnose lag", "--group", "billing");
        kafka(b, "topics list");
        kafka(b, "topics describe");
        kafka(b, "topics create", "orders", "--partitions", "3");
        kafka(b, "topics alter", "orders", "--partitions", "6");
        kafka(b, "topics delete", "orders");
        kafka(b, "topics plan", "--file", f("topics.yaml"));
        kafka(b, "topics apply", "--file", f("topics.yaml"));
        kafka(b, "dlq inspect", "orders.DLT");
        kafka(b, "dlq replay", "orders.DLT");
        kafka(b, "dlq purge", "orders.DLT", "--replayed");
        kafka(b, "duplicates", "orders", "--id-header", "event-id");
        kafka(b, "verify");
        kafka(b, "cleanup report");
        b.put("watch", List.of("watch", "--config", f("warden.yaml"), "--once"));
        b.put("events", List.of("events", "--file", f("audit.jsonl")));
        b.put("report", List.of("report", "--file", f("audit.jsonl")));
        b.put("silence add", List.of("silence", "add", "--file", f("silences.json"), "--for", "1h", "group=billing"));
        b.put("silence list", List.of("silence", "list", "--file", f("silences.json")));
        b.put("silence expire", List.of("silence", "expire", "--file", f("silences.json"), "abc"));
        b.put("heal pause", List.of("heal", "pause", "--state-dir", work.toString()));
        b.put("heal resume", List.of("heal", "resume", "--state-dir", work.toString()));
        b.put("heal status", List.of("heal", "status", "--state-dir", work.toString()));
        b.put("heal history", List.of("heal", "history", "--file", f("audit.jsonl")));
        b.put("notify test", List.of("notify", "test", "--config", f("warden.yaml")));
        kafka(b, "backup create", "--topics", "orders.*", "--to", work.resolve("new-backup").toString());
        b.put("backup list", List.of("backup", "list", f("empty-dir")));
        b.put("backup verify", List.of("backup", "verify", f("empty-dir")));
        kafka(b, "backup metadata", "--to", work.resolve("metadata.json").toString());
        kafka(b, "restore", f("empty-dir"));
        kafka(b, "restore metadata", f("metadata.json"));
        kafka(b, "drift snapshot", "--to", work.resolve("baseline.json").toString());
        kafka(b, "drift diff", "--baseline", f("baseline.json"));
        b.put("config validate", List.of("config", "validate", f("warden.yaml")));
        b.put("demo", List.of("demo", "--duration", "1s"));
        return b;
    }

    private static void kafka(Map<String, List<String>> b, String command, String... args) {
        List<String> line = new ArrayList<>(List.of(command.split(" ")));
        line.addAll(List.of(args));
        line.addAll(List.of(KAFKA));
        b.put(command, line);
    }

    record Case(String name, List<String> args, int exit) {
    }

    @TestFactory
    Stream<DynamicTest> malformedInputEndsInOneLineAndADocumentedExitCode() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(fromTheCommandTree());
        cases.addAll(commandsAndHelp());
        cases.addAll(files());
        cases.addAll(configs());
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name() + " -> " + c.exit(), () -> check(c)));
    }

    private List<Case> fromTheCommandTree() {
        List<Case> cases = new ArrayList<>();
        List<CommandLine> leaves = new ArrayList<>();
        collect(WardenCommand.commandLine(), leaves);
        for (CommandLine leaf : leaves) {
            String command = leaf.getCommandSpec().qualifiedName().substring("warden ".length());
            List<String> base = bases.get(command);
            if (base == null) {
                continue;
            }
            cases.add(new Case(command + " --no-such-option", with(base, "--no-such-option"), 64));
            if (leaf.getCommandSpec().positionalParameters().stream().allMatch(p -> p.arity().max() <= 1)) {
                cases.add(new Case(command + " with a stray argument", with(base, "stray", "words"), 64));
            }
            for (OptionSpec o : leaf.getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp() || o.arity().max() == 0 || o.longestName().equals("--bootstrap-server")) {
                    continue;
                }
                String name = o.longestName();
                if (o.required() && !o.longestName().startsWith("--to-") && !name.equals("--shift-by")
                        && !name.equals("--by-duration") && !name.equals("--from-file") && !name.equals("--key")) {
                    cases.add(new Case(command + " without " + name, without(base, o), 64));
                }
                Class<?> type = o.type();
                if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                    cases.add(bad(command, base, o, "abc", 64));
                    cases.add(bad(command, base, o, "99999999999999999999", 64));
                    cases.add(bad(command, base, o, "1.5", 64));
                    if (!NEGATIVE_ALLOWED.contains(name)) {
                        cases.add(bad(command, base, o, "-3", 64));
                    }
                    if (ZERO_REFUSED.contains(name)) {
                        cases.add(bad(command, base, o, "0", 64));
                    }
                } else if (type == Duration.class) {
                    cases.add(bad(command, base, o, "abc", 64));
                    cases.add(bad(command, base, o, "-5s", 64));
                    cases.add(bad(command, base, o, "99999999999999999999d", 64));
                    cases.add(bad(command, base, o, "5 parsecs", 64));
                    if (ZERO_REFUSED.contains(name) || name.equals("--sample")) {
                        cases.add(bad(command, base, o, "0s", 64));
                    }
                } else if (type == java.time.Instant.class) {
                    cases.add(bad(command, base, o, "yesterday", 64));
                    cases.add(bad(command, base, o, "2026-13-45T99:00:00Z", 64));
                    cases.add(bad(command, base, o, "99999999999999999999d", 64));
                } else if (type.isEnum()) {
                    cases.add(bad(command, base, o, "no-such-" + name.substring(2), 64));
                } else if (type == Path.class) {
                    if (OUTPUT_PATHS.contains(name)) {
                        cases.add(bad(command, base, o, f("a-file") + "/below-a-file", 73));
                    } else if (!(command.equals("backup create") || command.equals("backup metadata")
                            || command.startsWith("drift snapshot")) || !name.equals("--to")) {
                        cases.addAll(unreadable(command, base, o, name.equals("--state-dir") || name.equals("--incremental-from"),
                                CREATED_WHEN_MISSING.contains(command + " " + name)));
                    } else {
                        cases.add(bad(command, base, o, f("a-file") + "/below-a-file", 73));
                    }
                }
            }
        }
        return cases;
    }

    /** A file or directory the command reads, replaced by each kind of thing that cannot be read as one. */
    private List<Case> unreadable(String command, List<String> base, OptionSpec o, boolean directory, boolean mayBeMissing) {
        List<Case> cases = new ArrayList<>();
        if (!mayBeMissing) {
            cases.add(bad(command, base, o, f("no-such-file"), 66));
        }
        cases.add(bad(command, base, o, "", 66));
        if (directory) {
            cases.add(bad(command, base, o, f("a-file"), 66));
            return cases;
        }
        cases.add(bad(command, base, o, f("empty-dir"), 66));
        cases.add(bad(command, base, o, f("fifo"), 66));
        cases.add(bad(command, base, o, "/dev/zero", 66));
        boolean config = o.longestName().startsWith("--config") || command.startsWith("topics ") && o.longestName().equals("--file");
        cases.add(bad(command, base, o, f("garbage.bin"), config ? 78 : 65));
        return cases;
    }

    private List<Case> commandsAndHelp() {
        List<Case> cases = new ArrayList<>();
        for (String[] args : List.of(new String[] {"nosuch"}, new String[] {"nosuch", "--help"}, new String[] {"NOSUCH"},
                new String[] {"--nosuch"}, new String[] {"-x"}, new String[] {""}, new String[] {"groups", "nosuch"},
                new String[] {"groups", "nosuch", "--help"}, new String[] {"help", "nosuch"}, new String[] {"bakup", "create"},
                new String[] {"backup", "craete", "--help"}, new String[] {"lag", "-g"}, new String[] {"lag", "--timeout"},
                new String[] {"status", "--output"}, new String[] {"status", "-o", "json", "-o", "xml"})) {
            cases.add(new Case(String.join(" ", args), List.of(args), 64));
        }
        List<String> reset = bases.get("groups reset-offsets");
        cases.add(new Case("reset-offsets with two modes", with(reset, "--to-latest"), 64));
        cases.add(new Case("reset-offsets --to-datetime garbage", with(without(reset, "--to-earliest"), "--to-datetime", "noon"), 64));
        cases.add(new Case("reset-offsets --topic with a bad partition list", with(without(reset, "--all-topics"), "--topic", "orders:x"), 64));
        cases.add(new Case("reset-offsets --topic with a negative partition", with(without(reset, "--all-topics"), "--topic", "orders:-1"), 64));
        cases.add(new Case("backup create --topics with a broken regex", replaced(bases.get("backup create"), "orders.*", "orders["), 64));
        cases.add(new Case("restore --topics with a broken regex", with(bases.get("restore"), "--topics", "("), 64));
        cases.add(new Case("restore --rename without =", with(bases.get("restore"), "--rename", "orders"), 64));
        cases.add(new Case("topics create with an invalid name", replaced(bases.get("topics create"), "orders", "bad name!"), 64));
        cases.add(new Case("topics create with a 300-character name", replaced(bases.get("topics create"), "orders", "t".repeat(300)), 64));
        cases.add(new Case("topics create --config without =", with(bases.get("topics create"), "--config", "retention.ms"), 64));
        cases.add(new Case("silence add with a bad matcher", replaced(bases.get("silence add"), "group=billing", "billing"), 64));
        cases.add(new Case("status --expect-brokers a,b", with(bases.get("status"), "--expect-brokers", "a,b"), 64));
        cases.add(new Case("verify --expected-brokers -1", with(bases.get("verify"), "--expected-brokers", "-1"), 64));
        cases.add(new Case("dlq replay --partition-by nonsense", with(bases.get("dlq replay"), "--partition-by", "nonsense"), 64));
        cases.add(new Case("dlq replay --header without =", with(bases.get("dlq replay"), "--header", "x"), 64));
        cases.add(new Case("dlq replay --since after --until", with(bases.get("dlq replay"), "--since", "2026-01-02T00:00:00Z",
                "--until", "2026-01-01T00:00:00Z"), 64));
        cases.add(new Case("backup create --from after --until", with(bases.get("backup create"), "--from", "1h", "--until", "2d"), 64));
        cases.add(new Case("lag --warning above --critical", with(bases.get("lag"), "--warning", "100", "--critical", "10"), 64));
        cases.add(new Case("demo --http-port 70000", with(bases.get("demo"), "--http-port", "70000"), 64));
        cases.add(new Case("watch --http-port 70000", with(bases.get("watch"), "--http-port", "70000"), 64));
        cases.add(new Case("-b with an empty host", replaced(bases.get("status"), "127.0.0.1:1", ""), 64));
        cases.add(new Case("-b without a port", replaced(bases.get("status"), "127.0.0.1:1", "127.0.0.1"), 64));
        cases.add(new Case("-b with a port out of range", replaced(bases.get("status"), "127.0.0.1:1", "127.0.0.1:99999"), 64));
        return cases;
    }

    /** Files whose content is wrong: Kafka client properties, CSV offsets, topics files, baselines, audit trails. */
    private List<Case> files() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> csv = new TreeMap<>(Map.of("not a number", "orders,0,ten\n", "negative partition",
                "orders,-1,10\n", "negative offset", "orders,0,-5\n", "too few columns", "orders,0\n", "binary", "\u0000\u0001\u0002\n",
                "overflowing offset", "orders,0,99999999999999999999\n"));
        csv.forEach((what, text) -> cases.add(new Case("groups import --from-file with " + what,
                replaced(bases.get("groups import"), f("offsets.csv"), write("offsets-" + what + ".csv", text)), 65)));
        Map<String, String> topics = new TreeMap<>(Map.of("a list at the top", "- a\n- b\n", "partitions as text",
                "topics:\n  - name: orders\n    partitions: many\n", "a negative partition count", "topics:\n  - name: orders\n    partitions: -3\n",
                "an unknown key", "topics:\n  - name: orders\n    partitoins: 3\n", "an invalid topic name", "topics:\n  - name: 'bad name!'\n    partitions: 3\n",
                "a duplicate topic", "topics:\n  - name: orders\n    partitions: 3\n  - name: orders\n    partitions: 6\n",
                "broken YAML", "topics: [\n", "binary garbage", new String(garbage(), StandardCharsets.ISO_8859_1)));
        topics.forEach((what, text) -> cases.add(new Case("topics plan --file with " + what,
                replaced(bases.get("topics plan"), f("topics.yaml"), write("topics-" + what + ".yaml", text)), 78)));
        Map<String, String> properties = new TreeMap<>(Map.of("a malformed unicode escape", "a=\\u12\n", "binary garbage",
                new String(garbage(), StandardCharsets.ISO_8859_1)));
        properties.forEach((what, text) -> cases.add(new Case("status --command-config with " + what,
                with(bases.get("status"), "--command-config", write("client-" + what + ".properties", text)), 65)));
        for (String json : List.of("[1,2", "null", "\"text\"", "{\"topics\": 5}", "{\"brokers\": [null]}")) {
            cases.add(new Case("drift diff --baseline " + json, replaced(bases.get("drift diff"), f("baseline.json"),
                    write("baseline-" + Integer.toHexString(json.hashCode()) + ".json", json)), 65));
            cases.add(new Case("restore metadata " + json, replaced(bases.get("restore metadata"), f("metadata.json"),
                    write("metadata-" + Integer.toHexString(json.hashCode()) + ".json", json)), 65));
        }
        for (String json : List.of("{", "5", "[{\"id\": null}]", "[{\"id\": \"a\", \"until\": \"soon\"}]")) {
            cases.add(new Case("silence list of " + json, replaced(bases.get("silence list"), f("silences.json"),
                    write("silences-" + Integer.toHexString(json.hashCode()) + ".json", json)), 65));
        }
        return cases;
    }

    /**
     * warden.yaml broken one key at a time: every key of the production example given a map, a
     * word where a number or duration belongs, an overflowing number, and an unknown sibling; then
     * what attacks a YAML parser. Each is refused with 78 by {@code config validate} and, with the
     * same file, by the daemon: validate must call valid exactly what the daemon accepts.
     */
    private List<Case> configs() {
        List<Case> cases = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        ObjectNode base;
        try {
            String text = Files.readString(Path.of("deploy/warden.production.yaml"))
                    .replaceAll("\\$\\{[A-Z_]+_URL}", "https://hooks.example.com/services/secret-value")
                    .replaceAll("\\$\\{[A-Z_]+}", "secret-value-0123456789");
            base = (ObjectNode) yaml.readTree(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ((ObjectNode) base.get("http")).remove("tls");
        ((ObjectNode) base.get("audit")).put("file", work.resolve("audit.jsonl").toString());
        ((ObjectNode) base.get("alerts")).put("silences-file", work.resolve("silences.json").toString());
        ((ObjectNode) base.get("heal")).put("state-dir", work.toString());
        ((ObjectNode) base.get("cluster")).put("bootstrap-servers", "127.0.0.1:1");
        ((ObjectNode) base.get("cluster")).remove("client");
        List<String[]> broken = new ArrayList<>();
        walk(base, "", broken);
        int n = 0;
        for (String[] b : broken) {
            ObjectNode copy = base.deepCopy();
            String file = configFile(yaml, copy, b[0], b[1], "config-" + n++ + ".yaml");
            cases.add(new Case("config validate with " + b[0] + " = " + b[1], List.of("config", "validate", file), 78));
            cases.add(new Case("watch --once with " + b[0] + " = " + b[1], List.of("watch", "--config", file, "--once"), 78));
        }
        Map<String, String> attacks = new TreeMap<>();
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                bomb.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
            }
            bomb.append("]\n");
        }
        attacks.put("an alias bomb", bomb.toString());
        attacks.put("nesting 10,000 deep", "cluster: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");
        attacks.put("a duplicate key", "watch:\n  interval: 15s\n  interval: 1s\n");
        attacks.put("a duplicate section", "watch:\n  interval: 15s\nwatch:\n  timeout: 5s\n");
        attacks.put("a tab for indentation", "watch:\n\tinterval: 15s\n");
        attacks.put("a list at the top", "- watch\n- heal\n");
        attacks.put("a scalar at the top", "just words\n");
        attacks.put("an unknown top-level key", "wacth:\n  interval: 15s\n");
        attacks.put("a 25-day timeout", "watch:\n  timeout: 25d\n");
        attacks.put("an overflowing interval", "watch:\n  interval: 99999999999999999999d\n");
        attacks.put("a negative interval", "watch:\n  interval: -5s\n");
        attacks.put("a zero interval", "watch:\n  interval: 0s\n");
        attacks.put("a port out of range", "http:\n  port: 70000\n");
        attacks.put("a negative port", "http:\n  port: -2\n");
        attacks.put("an unset variable", "cluster:\n  bootstrap-servers: ${WARDEN_NO_SUCH_VARIABLE_X}\n");
        attacks.put("an unclosed quote", "cluster:\n  name: 'prod\n");
        attacks.put("a 2 MiB document", "cluster:\n  name: " + "x".repeat(2 << 20) + "\n");
        attacks.put("binary garbage", new String(garbage(), StandardCharsets.ISO_8859_1));
        attacks.put("latin-1 text", "cluster:\n  name: caf\u00e9\n");
        attacks.forEach((what, text) -> {
            String file = write("warden-" + what + ".yaml", text);
            cases.add(new Case("config validate with " + what, List.of("config", "validate", file), 78));
            cases.add(new Case("watch --once with " + what, List.of("watch", "--config", file, "--once"), 78));
        });
        return cases;
    }

    /** Each scalar of the tree as a (path, bad value) pair, and each object with an unknown key beside its own. */
    private static void walk(JsonNode node, String path, List<String[]> broken) {
        if (node.isObject()) {
            if (!FREE_FORM.contains(path.substring(path.lastIndexOf('.') + 1))) {
                broken.add(new String[] {path.isEmpty() ? "no-such-key" : path + ".no-such-key", "1"});
            }
            node.fields().forEachRemaining(e -> walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), broken));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", broken);
            }
        } else {
            broken.add(new String[] {path, "{x: 1}"});
            String text = node.asText();
            if (node.isNumber() || node.isBoolean() || text.matches("\\d+(ms|s|m|h|d)")) {
                broken.add(new String[] {path, "not-a-" + (node.isBoolean() ? "boolean" : "number")});
            }
            if (node.isNumber()) {
                broken.add(new String[] {path, "99999999999999999999"});
            } else if (text.matches("\\d+(ms|s|m|h|d)")) {
                broken.add(new String[] {path, "99999999999999999999d"});
            }
        }
    }

    /** Writes the tree with one value replaced (a path like heal.playbooks[0].steps[1].action). */
    private String configFile(ObjectMapper yaml, ObjectNode root, String path, String value, String name) {
        try {
            JsonNode replacement = yaml.readTree(value);
            String[] parts = path.split("\\.|(?=\\[)");
            JsonNode parent = root;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parts[i].startsWith("[") ? parent.get(Integer.parseInt(parts[i].substring(1, parts[i].length() - 1)))
                        : parent.get(parts[i]);
            }
            String last = parts[parts.length - 1];
            if (last.startsWith("[")) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last.substring(1, last.length() - 1)), replacement);
            } else {
                ((ObjectNode) parent).set(last, replacement);
            }
            return write(name, yaml.writeValueAsString(root));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String write(String name, String text) {
        try {
            Path p = dir.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_"));
            Files.writeString(p, text, StandardCharsets.ISO_8859_1);
            return p.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void check(Case c) throws IOException {
        Map<String, Long> before = tree();
        long defaultTrailBefore = size(DEFAULT_TRAIL);
        Cli run;
        Map<String, Long> after;
        try {
            run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run(c.args().toArray(String[]::new)),
                    () -> "no answer within 30 s: " + c.args());
        } finally {
            after = tree();
            undo(before, after); // what a failing case wrote must not change the cases after it
        }
        String what = "[" + c.name() + "] " + c.args() + "\nexit " + run.exitCode() + "\nstderr:\n" + run.err() + "\nstdout:\n" + run.out();
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(run.exitCode()).as(what).isEqualTo(c.exit());
        if (lines.size() > 1) { // a file with several problems lists them all, one line each with its place
            assertThat(lines.get(0)).as(what).matches("warden: \\d+ problems in .*:");
            assertThat(lines.subList(1, lines.size())).as(what).allMatch(l -> l.matches("  \\S+:\\d+:\\d+: .*"));
        }
        assertThat(lines).as(what).isNotEmpty();
        assertThat(lines.get(0)).as(what).startsWith("warden: ").doesNotContain("unexpected error", "Exception:", "\tat ");
        assertThat(after).as("files changed by " + c.args()).isEqualTo(before);
        assertThat(size(DEFAULT_TRAIL)).as("the default audit trail written by " + c.args()).isEqualTo(defaultTrailBefore);
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : -1;
    }

    private void undo(Map<String, Long> before, Map<String, Long> after) throws IOException {
        for (String added : after.keySet()) {
            if (!before.containsKey(added)) {
                Path p = dir.resolve(added);
                if (Files.isDirectory(p)) {
                    try (Stream<Path> walk = Files.walk(p)) {
                        walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
                    }
                } else {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Every file under the campaign's directory with its size: a case that wrote anything shows here. */
    private Map<String, Long> tree() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> !p.equals(dir.resolve("fifo"))).forEach(p -> files.put(dir.relativize(p).toString(),
                    Files.isRegularFile(p) ? p.toFile().length() : -1));
        }
        return files;
    }

    private static void collect(CommandLine c, List<CommandLine> all) {
        if (c.getSubcommands().isEmpty()) {
            all.add(c);
        }
        c.getSubcommands().values().forEach(s -> collect(s, all));
    }

    private static Case bad(String command, List<String> base, OptionSpec o, String value, int exit) {
        List<String> args = without(base, o);
        args.add(o.longestName());
        args.add(value);
        return new Case(command + " " + o.longestName() + " '" + value + "'", args, exit);
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(more));
        return args;
    }

    private static List<String> replaced(List<String> base, String from, String to) {
        return base.stream().map(a -> a.equals(from) ? to : a).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    /**
     * The base without the option (and its value), so a case can give it again; without the other
     * options of its exclusive group too (another mode of an offset reset), so only the case's value is wrong.
     */
    private static List<String> without(List<String> base, OptionSpec o) {
        List<OptionSpec> gone = new ArrayList<>(List.of(o));
        if (o.group() != null && o.group().exclusive()) {
            gone.addAll(o.group().options());
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            String arg = base.get(i);
            OptionSpec match = gone.stream().filter(g -> List.of(g.names()).contains(arg)).findFirst().orElse(null);
            if (match != null) {
                i += match.arity().max() == 0 ? 0 : 1;
            } else {
                args.add(arg);
            }
        }
        return args;
    }

    private static List<String> without(List<String> base, String flag) {
        List<String> args = new ArrayList<>(base);
        args.remove(flag);
        return args;
    }

    private static byte[] garbage() {
        byte[] bytes = new byte[4096];
        new java.util.Random(42).nextBytes(bytes);
        return bytes;
    }
}
