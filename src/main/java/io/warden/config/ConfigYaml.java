package io.warden.config;

import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a config's text into YAML nodes that keep their line and column, within limits a config
 * never comes near: aliases ({@code *name}, a "billion laughs" multiplies them) and nesting depth.
 * Both are counted on the parser's events first, which cost nothing per alias, so the line of the
 * first one too many can be named; SnakeYAML's own limits stay set behind them.
 */
final class ConfigYaml {

    /** Enough to reuse a few match blocks; a config needs none. */
    static final int MAX_ALIASES = 50;
    /** WardenConfig itself is 6 levels deep; plugin settings may add a few. */
    static final int MAX_DEPTH = 32;

    private ConfigYaml() {
    }

    /** The document's root node, null for an empty document or when a problem was added. */
    static Node compose(String source, String text, List<ConfigProblem> problems) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH + 1);
        options.setCodePointLimit(ConfigFile.MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        try {
            ConfigProblem limit = limits(source, new Yaml(options).parse(new StringReader(text)));
            if (limit != null) {
                problems.add(limit);
                return null;
            }
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            problems.add(at(source, e.getProblemMark(), "", "not valid YAML: " + e.getProblem()
                    + (inFlowWithReference(text, e.getProblemMark()) ? "; inside [ ] or { } write a ${VAR} in quotes: '${VAR}'" : "")));
        } catch (YAMLException e) {
            problems.add(new ConfigProblem(source, 0, 0, "", "not valid YAML: " + e.getMessage()));
        }
        return null;
    }

    private static ConfigProblem limits(String source, Iterable<Event> events) {
        int aliases = 0;
        int depth = 0;
        for (Event e : events) {
            if (e instanceof AliasEvent alias && ++aliases > MAX_ALIASES) {
                return at(source, e.getStartMark(), "", "more than " + MAX_ALIASES + " aliases (*" + alias.getAnchor()
                        + "); write the values out instead of repeating anchors");
            }
            if (e instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
                return at(source, e.getStartMark(), "", "nested more than " + MAX_DEPTH
                        + " levels deep; a Warden config has a few");
            }
            if (e instanceof CollectionEndEvent) {
                depth--;
            }
        }
        return null;
    }

    /** A ${VAR} is plain text to YAML, but '{' ends a value inside [ ] or { }. */
    private static boolean inFlowWithReference(String text, Mark mark) {
        if (mark == null) {
            return false;
        }
        String[] lines = text.split("\n", -1);
        String line = mark.getLine() < lines.length ? lines[mark.getLine()] : "";
        return line.contains("${") && (line.contains("[") || line.contains("{ ") || line.indexOf('{') < line.indexOf("${"));
    }

    static ConfigProblem at(String source, Mark mark, String field, String message) {
        return new ConfigProblem(source, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                field, message);
    }
}
