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
        try {
            WardenConfig config = mapper.readValue(yaml, WardenConfig.class);
            return config == null ? WardenConfig.defaults() : config;
        } catch (UnrecognizedPropertyException e) {
            throw new WardenException(WardenException.CONFIG, where(source, e) + "unknown key '" + e.getPropertyName()
                    + "' in " + path(e) + "; known keys: " + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            throw new WardenException(WardenException.CONFIG, where(source, e) + "bad value for " + path(e) + ": "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new WardenException(WardenException.CONFIG, where(source, e) + "not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static String where(String source, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
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
