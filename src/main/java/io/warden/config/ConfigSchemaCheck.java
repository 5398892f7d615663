package io.warden.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
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
 * Walks the YAML document against the shape of {@link WardenConfig}'s records and reports every
 * unknown key (with the closest known one), wrong type and unreadable value at once, each at its
 * own line and column, instead of stopping at the first as a data binder does.
 */
final class ConfigSchemaCheck {

    private final String source;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, int[]> positions = new LinkedHashMap<>();

    /** The problems found, and where each field of the document starts (line, column), for later checks. */
    record Result(List<ConfigProblem> problems, Map<String, int[]> positions) {
    }

    private ConfigSchemaCheck(String source) {
        this.source = source;
    }

    static Result check(String source, String yaml) {
        var check = new ConfigSchemaCheck(source);
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(yaml));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            check.problems.add(new ConfigProblem(source, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "", "not valid YAML: " + e.getProblem()));
            return new Result(check.problems, check.positions);
        }
        if (root != null) {
            check.walk(root, WardenConfig.class, "");
        }
        return new Result(check.problems, check.positions);
    }

    private void walk(Node node, Type type, String path) {
        positions.put(path, new int[] {node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1});
        if (node instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equals("null"))
                && !(type instanceof Class<?> c && c.isRecord())) {
            return; // an empty value means the default
        }
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            if (node instanceof ScalarNode s && s.getValue().isEmpty()) {
                return;
            }
            if (!(node instanceof MappingNode map)) {
                problem(node, path, "expected a section with keys " + keys(raw).keySet());
                return;
            }
            Map<String, RecordComponent> keys = keys(raw);
            for (NodeTuple t : map.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                RecordComponent component = keys.get(key);
                String child = path.isEmpty() ? key : path + "." + key;
                if (component == null) {
                    problem(t.getKeyNode(), child, "unknown key" + suggestion(key, keys.keySet()) + "; known keys: " + keys.keySet());
                } else {
                    walk(t.getValueNode(), component.getGenericType(), child);
                }
            }
        } else if (List.class.isAssignableFrom(raw)) {
            if (!(node instanceof SequenceNode seq)) {
                problem(node, path, "expected a list, e.g. [a, b] or one '- item' per line");
                return;
            }
            for (int i = 0; i < seq.getValue().size(); i++) {
                walk(seq.getValue().get(i), arg(type, 0), path + "[" + i + "]");
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (!(node instanceof MappingNode map)) {
                problem(node, path, "expected a section of key: value pairs");
                return;
            }
            for (NodeTuple t : map.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                if (arg(type, 1) == String.class && t.getValueNode() instanceof ScalarNode v
                        && (v.getValue().isEmpty() || v.getValue().equals("~") || v.getValue().equals("null"))) {
                    problem(t.getKeyNode(), path + "." + key, "has no value");
                    continue;
                }
                walk(t.getValueNode(), arg(type, 1), path + "." + key);
            }
        } else if (raw != Object.class) {
            scalar(node, raw, path);
        }
    }

    private void scalar(Node node, Class<?> raw, String path) {
        if (!(node instanceof ScalarNode s)) {
            problem(node, path, "expected a single value, not a " + (node instanceof SequenceNode ? "list" : "section"));
            return;
        }
        String v = s.getValue();
        try {
            if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
                Long.parseLong(v);
            } else if (raw == Double.class || raw == double.class) {
                Double.parseDouble(v);
            } else if (raw == Boolean.class || raw == boolean.class) {
                if (!v.equals("true") && !v.equals("false")) {
                    problem(node, path, "'" + v + "' is not true or false");
                }
            } else if (raw == Duration.class && DurationDeserializer.parse(v) == null) {
                problem(node, path, "'" + v + "' is not a duration; write e.g. 500ms, 30s, 5m, 2h or 1d");
            }
        } catch (NumberFormatException e) {
            problem(node, path, "'" + v + "' is not a number");
        }
    }

    private void problem(Node node, String path, String message) {
        var mark = node.getStartMark();
        problems.add(new ConfigProblem(source, mark.getLine() + 1, mark.getColumn() + 1, path, message));
    }

    private static Map<String, RecordComponent> keys(Class<?> record) {
        Map<String, RecordComponent> keys = new LinkedHashMap<>();
        for (RecordComponent c : record.getRecordComponents()) {
            // Jackson's annotation reaches the accessor, not the record component itself
            JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
            keys.put(p != null ? p.value() : c.getName(), c);
        }
        return keys;
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static Type arg(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }

    static String suggestion(String key, Iterable<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = ConfigLoader.distance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }
}
