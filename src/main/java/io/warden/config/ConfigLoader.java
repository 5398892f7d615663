package io.warden.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.warden.InputFiles;
import io.warden.WardenException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code warden.yaml}: substitutes {@code ${ENV_VAR}} (secrets stay out of the file), checks
 * the document against the config's shape and rules, then maps it onto {@link WardenConfig}.
 * Every problem is reported at once, each with file, line, column and field; unknown keys are
 * errors, because a misspelt threshold that silently keeps its default is worse than a failure.
 */
public final class ConfigLoader {

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Function<String, String> environment;

    public ConfigLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    public static ConfigLoader fromSystemEnvironment() {
        Map<String, String> env = System.getenv();
        return new ConfigLoader(env::get);
    }

    /** The config in the file; a {@link WardenException} listing every problem when there are any. */
    public WardenConfig load(Path file) {
        Loaded loaded = read(file);
        if (!loaded.problems().isEmpty()) {
            throw new WardenException(WardenException.CONFIG, describe(file, loaded.problems()));
        }
        return loaded.config();
    }

    /** Every problem in the file, none when it is valid: what {@code warden config validate} prints. */
    public List<ConfigProblem> validate(Path file) {
        return read(file).problems();
    }

    static String describe(Path file, List<ConfigProblem> problems) {
        return (problems.size() == 1 ? "1 problem" : problems.size() + " problems") + " in " + file + ":\n  "
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  "));
    }

    private record Loaded(WardenConfig config, List<ConfigProblem> problems) {
    }

    private Loaded read(Path file) {
        String text;
        try {
            text = InputFiles.readText(file, "config file", InputFiles.SMALL);
        } catch (WardenException e) {
            throw e.exitCode() == WardenException.DATA ? new WardenException(WardenException.CONFIG, e.getMessage()) : e;
        }
        String source = file.toString();
        List<ConfigProblem> problems = new ArrayList<>();
        String yaml = substitute(source, text, problems);
        var schema = ConfigSchemaCheck.check(source, yaml);
        problems.addAll(schema.problems());
        if (problems.stream().anyMatch(p -> p.message().startsWith("not valid YAML"))) {
            return new Loaded(null, problems);
        }
        // the rest of the file is still judged: with the broken fields left out (their defaults in
        // their place), so one run lists every problem, structural and semantic
        List<String> broken = schema.problems().stream().map(ConfigProblem::field).toList();
        WardenConfig config;
        try {
            config = parse(source, broken.isEmpty() ? yaml : without(yaml, broken));
        } catch (WardenException e) {
            if (broken.isEmpty()) {
                throw e;
            }
            return new Loaded(null, problems); // too broken to judge the rest: the structural problems say why
        }
        ConfigSemanticCheck.check(source, config, schema.positions()).stream()
                .filter(p -> broken.stream().noneMatch(b -> p.field().equals(b) || p.field().startsWith(b + ".")))
                .forEach(problems::add);
        return new Loaded(problems.isEmpty() ? config : null, problems);
    }

    /** The document with the given fields (dotted paths, [i] for list items) removed. */
    private static String without(String yaml, List<String> fields) {
        try {
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            com.fasterxml.jackson.databind.JsonNode root = mapper.readTree(yaml);
            for (String field : fields) {
                remove(root, field.split("\\.|(?=\\[)"));
            }
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            return yaml;
        }
    }

    private static void remove(com.fasterxml.jackson.databind.JsonNode node, String[] path) {
        for (int i = 0; i < path.length && node != null; i++) {
            String seg = path[i];
            boolean last = i == path.length - 1;
            if (seg.startsWith("[")) {
                int index = Integer.parseInt(seg.substring(1, seg.length() - 1));
                if (last && node instanceof com.fasterxml.jackson.databind.node.ArrayNode array && index < array.size()) {
                    array.remove(index);
                    return;
                }
                node = node.get(index);
            } else if (last && node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.remove(seg);
                return;
            } else {
                node = node.get(seg);
            }
        }
    }

    String substitute(String source, String text, List<ConfigProblem> problems) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].stripLeading().startsWith("#")) {
                out.append(lines[i]);
            } else {
                Matcher m = ENV.matcher(lines[i]);
                StringBuilder line = new StringBuilder();
                while (m.find()) {
                    String value = environment.apply(m.group(1));
                    if (value == null) {
                        value = m.group(2);
                    }
                    if (value == null) {
                        problems.add(new ConfigProblem(source, i + 1, m.start() + 1, "", "environment variable "
                                + m.group(1) + " is not set; export it or write ${" + m.group(1) + ":-default}"));
                        value = m.group(); // keep the shape of the document so the rest can still be checked
                    }
                    m.appendReplacement(line, Matcher.quoteReplacement(value));
                }
                m.appendTail(line);
                out.append(line);
            }
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static WardenConfig parse(String source, String yaml) {
        if (yaml.isBlank()) {
            return WardenConfig.defaults();
        }
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .registerModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()));
        try {
            WardenConfig config = mapper.readValue(yaml, WardenConfig.class);
            return config == null ? WardenConfig.defaults() : config;
        } catch (JsonProcessingException e) {
            // the schema check catches what a user can write wrong; this is the last line of defence
            var loc = e.getLocation();
            throw new WardenException(WardenException.CONFIG, source + (loc == null ? "" : ":" + loc.getLineNr() + ":"
                    + loc.getColumnNr()) + ": " + e.getOriginalMessage());
        }
    }

    /** Levenshtein distance: a misspelt key is usually one or two edits from the real one. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
