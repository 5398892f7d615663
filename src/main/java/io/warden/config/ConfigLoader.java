package io.warden.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.warden.WardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code warden.yaml}: substitutes {@code ${ENV_VAR}} (secrets stay out of the file), then
 * maps it onto {@link WardenConfig}. Errors name the file, line, column and field; unknown keys
 * are errors, because a misspelt threshold that silently keeps its default is worse than a failure.
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

    public WardenConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new WardenException(WardenException.NO_INPUT, "config file " + file + " does not exist");
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, "config file " + file + " cannot be read: " + e.getMessage());
        }
        return parse(file.toString(), substitute(file.toString(), text));
    }

    String substitute(String source, String text) {
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
                        throw new WardenException(WardenException.CONFIG, source + ":" + (i + 1) + ":" + (m.start() + 1)
                                + ": environment variable " + m.group(1) + " is not set; export it or write ${"
                                + m.group(1) + ":-default}");
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

    WardenConfig parse(String source, String yaml) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .registerModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()));
        if (yaml.isBlank()) {
            return WardenConfig.defaults();
        }
        try {
            WardenConfig config = mapper.readValue(yaml, WardenConfig.class);
            return config == null ? WardenConfig.defaults() : config;
        } catch (UnrecognizedPropertyException e) {
            throw new WardenException(WardenException.CONFIG, locate(source, yaml, e) + "unknown key '" + e.getPropertyName()
                    + "' in " + path(e) + suggestion(e) + "; known keys: " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            throw new WardenException(WardenException.CONFIG, where(source, e) + "bad value for " + path(e) + ": "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new WardenException(WardenException.CONFIG, where(source, e) + "not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static String suggestion(UnrecognizedPropertyException e) {
        String best = null;
        int bestDistance = 3;
        for (Object known : e.getKnownPropertyIds()) {
            int d = distance(e.getPropertyName(), known.toString());
            if (d < bestDistance) {
                best = known.toString();
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
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

    /**
     * Records are bound only after their whole mapping is read, so Jackson reports an unknown key
     * at the end of its section; find the key's own line by walking the path through the text.
     */
    static String locate(String source, String yaml, JsonMappingException e) {
        String[] lines = yaml.split("\n", -1);
        int line = 0;
        int column = -1;
        for (var ref : e.getPath()) {
            if (ref.getFieldName() == null) {
                continue;
            }
            Pattern key = Pattern.compile("(^|[\\s{,-])['\"]?" + Pattern.quote(ref.getFieldName()) + "['\"]?\\s*:");
            column = -1;
            for (int i = line; i < lines.length && column < 0; i++) {
                Matcher m = key.matcher(lines[i]);
                if (!lines[i].stripLeading().startsWith("#") && m.find()) {
                    line = i;
                    column = m.start() + (m.group(1).isEmpty() ? 0 : 1);
                }
            }
            if (column < 0) {
                return where(source, e);
            }
        }
        return column < 0 ? where(source, e) : source + ":" + (line + 1) + ":" + (column + 1) + ": ";
    }

    private static String where(String source, JsonProcessingException e) {
        // the token the error is about, not where the parser stopped reading after it
        JsonLocation loc = e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p
                ? p.currentTokenLocation() : e.getLocation();
        return loc == null ? source + ": " : source + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "the document" : "'" + sb + "'";
    }
}
