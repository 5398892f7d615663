package io.warden.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warden.WardenException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code warden.yaml}: parses the YAML (within limits a config never nears), checks the
 * document against the config's shape and rules, substituting {@code ${ENV_VAR}} inside the values
 * it reads (secrets stay out of the file, and are taken exactly as the environment holds them),
 * then maps it onto {@link WardenConfig}. Every problem is reported at once, each with file, line,
 * column and field; unknown and repeated keys are errors, because a misspelt threshold that
 * silently keeps its default is worse than a failure.
 */
public final class ConfigLoader {

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
        return read(file).config();
    }

    /** Every problem in the file, none when it is valid. */
    public List<ConfigProblem> validate(Path file) {
        return read(file).problems();
    }

    /**
     * The file read and judged. A file that cannot be read as text at all (missing, a directory or
     * device, too large, not UTF-8) is a {@link WardenException} instead.
     */
    public LoadedConfig read(Path file) {
        String text = ConfigFile.read(file);
        String source = file.toString();
        EnvSubstitution env = new EnvSubstitution(environment);
        List<ConfigProblem> problems = new ArrayList<>();
        Node root = ConfigYaml.compose(source, text, problems);
        if (!problems.isEmpty()) {
            return new LoadedConfig(file, null, problems, Map.of(), env);
        }
        var schema = ConfigSchemaCheck.check(source, root, env);
        problems.addAll(schema.problems());
        WardenConfig config;
        try {
            config = bind(schema.tree());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // the schema check catches what a user can write wrong; this is the last line of defence
            if (problems.isEmpty()) {
                problems.add(new ConfigProblem(source, 0, 0, "", "cannot be read as a Warden config: "
                        + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())));
            }
            return new LoadedConfig(file, null, problems, schema.positions(), env);
        }
        // the rest of the file is still judged, with the broken fields' defaults in their place
        List<String> broken = schema.broken();
        ConfigSemanticCheck.check(source, config, schema.positions()).stream()
                .filter(p -> broken.stream().noneMatch(b -> p.field().equals(b) || p.field().startsWith(b + ".")
                        || p.field().startsWith(b + "[")))
                .forEach(problems::add);
        return new LoadedConfig(file, config, problems, schema.positions(), env);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()));

    private static WardenConfig bind(ObjectNode tree) throws JsonProcessingException {
        if (tree == null) {
            return WardenConfig.defaults();
        }
        WardenConfig config = MAPPER.treeToValue(tree, WardenConfig.class);
        return config == null ? WardenConfig.defaults() : config;
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
