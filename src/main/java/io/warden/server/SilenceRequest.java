package io.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.WardenException;
import io.warden.config.DurationDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /api/silences}: {@code {"matchers": {"group": "billing"}, "duration": "2h",
 * "comment": "..."}}. Durations read as in the config and the CLI. Every error names the field.
 * The author is not part of it: the API sets it to the caller's token name.
 */
record SilenceRequest(Map<String, String> matchers, Duration duration, String comment) {

    private static final int ECHO_LIMIT = 40;

    static SilenceRequest parse(byte[] body, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad("body: not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw bad("body: cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw bad("body: expected a JSON object with matchers, duration and comment");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            if ("createdBy".equals(name)) {
                throw bad("createdBy: set by Warden to the name of the caller's token; leave it out");
            }
            if (!name.equals("matchers") && !name.equals("duration") && !name.equals("comment")) {
                throw bad(echo(name) + ": not a field of a silence; use matchers, duration and comment");
            }
        }
        return new SilenceRequest(matchers(root.get("matchers")), duration(root.get("duration")), comment(root.get("comment")));
    }

    private static Map<String, String> matchers(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw bad("matchers: required, an object of label to regex, e.g. {\"group\": \"billing\"}");
        }
        Map<String, String> matchers = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
                throw bad("matchers." + echo(e.getKey()) + ": must be a string (a regex)");
            }
            matchers.put(e.getKey(), e.getValue().asText());
        });
        return matchers;
    }

    private static Duration duration(JsonNode node) {
        if (node == null || node.isNull()) {
            throw bad("duration: required, e.g. 30m or 2h");
        }
        Duration d = node.isTextual() ? DurationDeserializer.parse(node.asText()) : null;
        if (d == null) {
            throw bad("duration: '" + echo(node.asText(node.toString())) + "' is not a duration such as 30m or 2h");
        }
        return d;
    }

    private static String comment(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw bad("comment: must be a string");
        }
        return node.asText();
    }

    /** The caller's own input, cut short so an error stays one readable line. */
    private static String echo(String text) {
        return text.length() <= ECHO_LIMIT ? text : text.substring(0, ECHO_LIMIT) + "...";
    }

    private static WardenException bad(String message) {
        return new WardenException(WardenException.USAGE, message);
    }
}
