package io.warden.runbook.topics;

import io.warden.InputFiles;
import io.warden.WardenException;
import io.warden.config.ConfigProblem;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a topics file:
 * <pre>
 * topics:
 *   - name: orders
 *     partitions: 6
 *     replication-factor: 3
 *     configs: {retention.ms: 604800000}
 *   - name: old-orders
 *     delete: true
 * </pre>
 * Every problem is reported at once with file:line:column, as the config loader does: unknown keys
 * (with the closest known one), wrong types, missing names or partitions, duplicate names.
 */
public final class TopicsFile {

    static final List<String> ROOT_KEYS = List.of("topics");
    static final List<String> TOPIC_KEYS = List.of("name", "partitions", "replication-factor", "configs", "delete");

    private final String source;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private TopicsFile(String source) {
        this.source = source;
    }

    /** The topics the file declares; a {@link WardenException} (exit 78) listing every problem when there are any. */
    public static List<TopicSpec> load(Path file) {
        String text;
        try {
            text = InputFiles.readText(file, "topics file", InputFiles.SMALL);
        } catch (WardenException e) {
            throw e.exitCode() == WardenException.DATA ? new WardenException(WardenException.CONFIG, e.getMessage()) : e;
        }
        return parse(file.toString(), text);
    }

    /** Parses the text of a topics file named {@code source} in messages. */
    public static List<TopicSpec> parse(String source, String text) {
        TopicsFile reader = new TopicsFile(source);
        List<TopicSpec> specs = reader.read(text);
        if (!reader.problems.isEmpty()) {
            throw new WardenException(WardenException.CONFIG, ConfigProblem.describe(source, reader.problems));
        }
        return specs;
    }

    private List<TopicSpec> read(String text) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            problems.add(new ConfigProblem(source, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    "", "not valid YAML: " + e.getProblem()));
            return List.of();
        }
        if (!(root instanceof MappingNode map)) {
            problems.add(new ConfigProblem(source, root == null ? 0 : line(root), root == null ? 0 : column(root), "",
                    "expected a section 'topics:' with a list of topics"));
            return List.of();
        }
        List<TopicSpec> specs = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            String key = keyOf(t);
            if (!key.equals("topics")) {
                problem(t.getKeyNode(), key, "unknown key" + suggestion(key, ROOT_KEYS) + "; known keys: " + ROOT_KEYS);
            } else if (!(t.getValueNode() instanceof SequenceNode seq)) {
                problem(t.getValueNode(), "topics", "expected a list, one '- name: ...' per topic");
            } else {
                for (int i = 0; i < seq.getValue().size(); i++) {
                    Node item = seq.getValue().get(i);
                    TopicSpec spec = topic(item, "topics[" + i + "]");
                    if (spec != null) {
                        specs.add(spec);
                        columns.add(column(item));
                    }
                }
            }
        }
        Map<String, TopicSpec> seen = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            TopicSpec s = specs.get(i);
            TopicSpec first = seen.putIfAbsent(s.name(), s);
            if (first != null) {
                problems.add(new ConfigProblem(source, s.line(), columns.get(i), "topics[" + i + "]", "topic '" + s.name()
                        + "' is declared twice (first at line " + first.line() + "); declare each topic once"));
            }
        }
        return specs;
    }

    private TopicSpec topic(Node node, String path) {
        if (!(node instanceof MappingNode map)) {
            problem(node, path, "expected a topic with keys " + TOPIC_KEYS);
            return null;
        }
        int before = problems.size();
        String name = null;
        int partitions = 0;
        int rf = -1;
        boolean delete = false;
        Map<String, String> configs = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = keyOf(t);
            String field = path + "." + key;
            Node value = t.getValueNode();
            switch (key) {
                case "name" -> name = topicName(value, field);
                case "partitions" -> partitions = positive(value, field);
                case "replication-factor" -> rf = positive(value, field);
                case "delete" -> delete = bool(value, field);
                case "configs" -> configs(value, field, configs);
                default -> problem(t.getKeyNode(), field, "unknown key" + suggestion(key, TOPIC_KEYS) + "; known keys: " + TOPIC_KEYS);
            }
        }
        if (name == null && problems.size() == before) {
            problem(node, path, "a topic needs a name");
        }
        if (name != null && !delete && partitions == 0 && problems.size() == before) {
            problem(node, path, "topic '" + name + "' needs partitions (or delete: true)");
        }
        return problems.size() == before ? new TopicSpec(name, partitions, rf, configs, delete, line(node)) : null;
    }

    private void configs(Node node, String field, Map<String, String> into) {
        if (!(node instanceof MappingNode map)) {
            problem(node, field, "expected a section of config: value pairs, e.g. retention.ms: 604800000");
            return;
        }
        for (NodeTuple t : map.getValue()) {
            String key = keyOf(t);
            String value = text(t.getValueNode(), field + "." + key);
            if (value != null) {
                into.put(key, value);
            }
        }
    }

    private String text(Node node, String field) {
        if (!(node instanceof ScalarNode s) || s.getValue().isEmpty()) {
            problem(node, field, node instanceof ScalarNode ? "has no value" : "expected a single value");
            return null;
        }
        return s.getValue();
    }

    private int positive(Node node, String field) {
        String v = text(node, field);
        if (v == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(node, field, "'" + v + "' is not a positive whole number");
        return 0;
    }

    private boolean bool(Node node, String field) {
        String v = text(node, field);
        if (v != null && !v.equals("true") && !v.equals("false")) {
            problem(node, field, "'" + v + "' is not true or false");
        }
        return "true".equals(v);
    }

    /** A name Kafka would refuse fails here with the file's line, not at apply time. */
    private String topicName(Node node, String field) {
        String name = text(node, field);
        if (name != null) {
            try {
                org.apache.kafka.common.internals.Topic.validate(name);
            } catch (org.apache.kafka.common.errors.InvalidTopicException e) {
                problem(node, field, e.getMessage());
            }
        }
        return name;
    }

    private void problem(Node node, String field, String message) {
        problems.add(new ConfigProblem(source, line(node), column(node), field, message));
    }

    private static String keyOf(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static int column(Node node) {
        return node.getStartMark().getColumn() + 1;
    }

    /** " (did you mean 'x'?)" for a key one or two edits from a known one, else "". */
    static String suggestion(String key, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                d[i][j] = i == 0 ? j : j == 0 ? i : Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
                        d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
        }
        return d[a.length()][b.length()];
    }
}
