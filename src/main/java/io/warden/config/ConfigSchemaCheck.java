package io.warden.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Walks the YAML document against the shape of {@link WardenConfig}'s records and reports every
 * unknown or repeated key (with the closest known one), wrong type and unreadable value at once,
 * each at its own line and column, instead of stopping at the first as a data binder does. On
 * the way it substitutes {@code ${VAR}} inside the values and builds the tree the records are
 * bound from, with each broken field left out, so the rest of the file can still be judged.
 * Messages show a value as written (its {@code ${VAR}}), never what the environment put in.
 */
final class ConfigSchemaCheck {

    /** Values after aliases are expanded; a config has a few hundred. */
    static final int MAX_VALUES = 100_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String source;
    private final EnvSubstitution env;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, int[]> positions = new LinkedHashMap<>();
    private final List<String> broken = new ArrayList<>();
    private final Set<Node> walking = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    /**
     * @param tree      what the records are bound from (null: the defaults)
     * @param problems  what is wrong, in document order
     * @param positions where each field of the document starts (line, column), for later checks
     * @param broken    fields left out of the tree, whose later checks would only repeat the problem
     */
    record Result(ObjectNode tree, List<ConfigProblem> problems, Map<String, int[]> positions, List<String> broken) {
    }

    /** Thrown when the document expands past {@link #MAX_VALUES}: nothing after it is worth walking. */
    private static final class TooLarge extends RuntimeException {
        private final transient Node at;

        TooLarge(Node at) {
            super(null, null, false, false);
            this.at = at;
        }
    }

    private ConfigSchemaCheck(String source, EnvSubstitution env) {
        this.source = source;
        this.env = env;
    }

    static Result check(String source, Node root, EnvSubstitution env) {
        var check = new ConfigSchemaCheck(source, env);
        JsonNode tree = null;
        if (root != null) {
            try {
                tree = check.walk(root, WardenConfig.class, "", 0);
            } catch (TooLarge e) {
                check.problem(e.at, "", "the document has more than " + MAX_VALUES + " values once its aliases are "
                        + "expanded; a config has a few hundred");
                tree = null;
            }
        }
        return new Result(tree instanceof ObjectNode o ? o : null, check.problems, check.positions, check.broken);
    }

    private JsonNode walk(Node node, Type type, String path, int depth) {
        if (++values > MAX_VALUES) {
            throw new TooLarge(node);
        }
        positions.put(path, new int[] {node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1});
        if (depth > ConfigYaml.MAX_DEPTH) {
            return problem(node, path, "nested more than " + ConfigYaml.MAX_DEPTH + " levels deep (through aliases)");
        }
        if (!walking.add(node)) {
            return problem(node, path, "an alias refers to the section it stands in; write the values out");
        }
        try {
            Class<?> raw = raw(type);
            if (raw == Object.class) {
                return any(node, path, depth);
            }
            if (isNull(node)) {
                return null; // an empty value means the default
            }
            if (raw.isRecord()) {
                return record(node, raw, path, depth);
            }
            if (List.class.isAssignableFrom(raw)) {
                return list(node, arg(type, 0), path, depth);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return map(node, arg(type, 1), path, depth);
            }
            return scalar(node, raw, path);
        } finally {
            walking.remove(node);
        }
    }

    private JsonNode record(Node node, Class<?> raw, String path, int depth) {
        Map<String, RecordComponent> keys = keys(raw);
        if (!(node instanceof MappingNode map)) {
            return problem(node, path, "expected a section with keys " + keys.keySet());
        }
        ObjectNode out = JSON.objectNode();
        entries(map, path, (key, t) -> {
            RecordComponent component = keys.get(key);
            String child = path.isEmpty() ? key : path + "." + key;
            if (component == null) {
                problem(t.getKeyNode(), child, "unknown key" + suggestion(key, keys.keySet()) + "; known keys: " + keys.keySet());
            } else {
                set(out, key, walk(t.getValueNode(), component.getGenericType(), child, depth + 1));
            }
        });
        return out;
    }

    private JsonNode list(Node node, Type item, String path, int depth) {
        if (!(node instanceof SequenceNode seq)) {
            return problem(node, path, "expected a list, e.g. [a, b] or one '- item' per line");
        }
        ArrayNode out = JSON.arrayNode();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node n = seq.getValue().get(i);
            String at = path + "[" + i + "]";
            JsonNode value = isNull(n) ? problem(n, at, "is empty; remove the '-' or give a value") : walk(n, item, at, depth + 1);
            if (value != null) {
                out.add(value);
            }
        }
        if (out.size() < seq.getValue().size()) {
            broken.add(path); // the items after a left-out one would be judged under the wrong index
            return null;
        }
        return out;
    }

    private JsonNode map(Node node, Type value, String path, int depth) {
        if (!(node instanceof MappingNode map)) {
            return problem(node, path, "expected a section of key: value pairs");
        }
        ObjectNode out = JSON.objectNode();
        entries(map, path, (key, t) -> {
            if (value == String.class && isNull(t.getValueNode())) {
                problem(t.getKeyNode(), path + "." + key, "has no value");
            } else {
                set(out, key, walk(t.getValueNode(), value, path + "." + key, depth + 1));
            }
        });
        return out;
    }

    /** Each key and its entry, in order, leaving out keys that are repeated or not plain names. */
    private void entries(MappingNode map, String path, BiConsumer<String, NodeTuple> each) {
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = key(t, path, seen);
            if (key != null) {
                each.accept(key, t);
            }
        }
    }

    private static void set(ObjectNode out, String key, JsonNode value) {
        if (value != null) {
            out.set(key, value);
        }
    }

    /** A key as written; null (and a problem) for one that is not a plain name or that came before. */
    private String key(NodeTuple t, String path, Map<String, Node> seen) {
        Node k = t.getKeyNode();
        if (!(k instanceof ScalarNode s)) {
            problem(k, path, "a key must be a plain name, not a list or section");
            return null;
        }
        String key = s.getValue();
        String at = path.isEmpty() ? key : path + "." + key;
        if (Tag.MERGE.equals(s.getTag())) {
            problem(k, at, "merge keys (<<) are not supported; write the keys out");
            return null;
        }
        Node first = seen.putIfAbsent(key, k);
        if (first != null) {
            problem(k, at, "duplicate key; it is already set on line " + (first.getStartMark().getLine() + 1)
                    + ", and only one of them can be meant: remove the other");
            return null;
        }
        return key;
    }

    private JsonNode scalar(Node node, Class<?> raw, String path) {
        if (!(node instanceof ScalarNode s)) {
            return problem(node, path, "expected a single value, not a " + (node instanceof SequenceNode ? "list" : "section"));
        }
        String v = substituted(s, path);
        if (v == null) {
            return null;
        }
        String shown = "'" + s.getValue() + "'"; // as written: a ${VAR}, never its value
        boolean isInt = raw == Integer.class || raw == int.class;
        if (isInt || raw == Long.class || raw == long.class) {
            BigInteger n = whole(v);
            long max = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
            if (n == null || n.bitLength() > BigInteger.valueOf(max).bitLength()) {
                return problem(node, path, shown + (n == null ? " is not a whole number" : " is out of range (at most " + max + ")"));
            }
            return isInt ? JSON.numberNode(n.intValue()) : JSON.numberNode(n.longValue());
        }
        if (raw == Double.class || raw == double.class) {
            Double d = decimal(v);
            return d == null ? problem(node, path, shown + " is not a number") : JSON.numberNode(d);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return v.equals("true") || v.equals("false") ? JSON.booleanNode(v.equals("true"))
                    : problem(node, path, shown + " is not true or false");
        }
        if (raw == Duration.class) {
            String problem = DurationDeserializer.problem(v);
            return problem == null ? JSON.textNode(v) : problem(node, path, shown + problem);
        }
        return JSON.textNode(v);
    }

    /** A value of a plugin's or a channel's own settings: typed as YAML reads it, a substituted one as text. */
    private JsonNode any(Node node, String path, int depth) {
        if (node instanceof SequenceNode seq) {
            ArrayNode out = JSON.arrayNode();
            for (int i = 0; i < seq.getValue().size(); i++) {
                JsonNode v = walk(seq.getValue().get(i), Object.class, path + "[" + i + "]", depth + 1);
                out.add(v == null ? JSON.nullNode() : v);
            }
            return out;
        }
        if (node instanceof MappingNode) {
            return map(node, Object.class, path, depth);
        }
        ScalarNode s = (ScalarNode) node;
        String v = substituted(s, path);
        if (v == null) {
            return null;
        }
        if (!v.equals(s.getValue()) || s.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
            return JSON.textNode(v);
        }
        if (Tag.NULL.equals(s.getTag())) {
            return JSON.nullNode();
        }
        if (Tag.BOOL.equals(s.getTag())) {
            return JSON.booleanNode(Set.of("true", "yes", "on").contains(v.toLowerCase(Locale.ROOT)));
        }
        if (Tag.INT.equals(s.getTag()) && whole(v) != null && whole(v).bitLength() <= 63) {
            return JSON.numberNode(whole(v).longValue());
        }
        if (Tag.FLOAT.equals(s.getTag()) && decimal(v) != null) {
            return JSON.numberNode(decimal(v));
        }
        return JSON.textNode(v);
    }

    /** The scalar with its ${VAR}s replaced; null (and a problem) when a variable is not set. */
    private String substituted(ScalarNode s, String path) {
        String v = s.getValue();
        if (!EnvSubstitution.hasReference(v)) {
            return v;
        }
        int before = problems.size();
        String out = env.substitute(v, name -> {
            var mark = s.getStartMark();
            // a plain value on one line: point at the reference itself
            int offset = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN && !v.contains("\n") ? v.indexOf("${" + name) : 0;
            problems.add(new ConfigProblem(source, mark.getLine() + 1, mark.getColumn() + 1 + Math.max(0, offset), path,
                    "environment variable " + name + " is not set; export it or write ${" + name + ":-default}"));
        });
        if (problems.size() > before) {
            broken.add(path);
            return null;
        }
        return out;
    }

    private static BigInteger whole(String v) {
        try {
            return new BigInteger(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A finite decimal number; NaN and infinities compare false with every threshold. */
    private static Double decimal(String v) {
        try {
            double d = new BigDecimal(v.startsWith("+") ? v.substring(1) : v).doubleValue();
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty());
    }

    /** Adds a problem and returns null, the value left out. */
    private JsonNode problem(Node node, String path, String message) {
        problems.add(ConfigYaml.at(source, node.getStartMark(), path, message));
        broken.add(path);
        return null;
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
