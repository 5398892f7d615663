package io.warden.connect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the Connect REST API's JSON into Warden's records, leniently: a missing field is null, not a failure. */
final class ConnectJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConnectJson() {
    }

    /** The answer to {@code GET /connectors?expand=status&expand=info}: an object keyed by connector name. */
    static List<ConnectorStatus> connectors(String body) throws JsonProcessingException {
        JsonNode root = MAPPER.readTree(body);
        if (root == null || !root.isObject()) {
            throw unexpected("an object of connectors", root);
        }
        List<ConnectorStatus> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode info = e.getValue().path("info");
            String connectorClass = text(info.path("config").path("connector.class"));
            // a connector deleted between listing and status lookup comes without status: skip it
            if (e.getValue().has("status")) {
                out.add(connector(e.getKey(), e.getValue().path("status"), connectorClass, text(info.path("type"))));
            }
        }
        out.sort(Comparator.comparing(ConnectorStatus::name));
        return out;
    }

    /** The answer to {@code GET /connectors?expand=info}: each connector's config, by name, sorted. */
    static Map<String, Map<String, String>> configs(String body) throws JsonProcessingException {
        JsonNode root = MAPPER.readTree(body);
        if (root == null || !root.isObject()) {
            throw unexpected("an object of connectors", root);
        }
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            Map<String, String> config = new java.util.TreeMap<>();
            e.getValue().path("info").path("config").properties().forEach(c -> config.put(c.getKey(), c.getValue().asText()));
            out.put(e.getKey(), config);
        }
        return out;
    }

    static String write(Map<String, String> config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a connector config as JSON", e);
        }
    }

    /** The answer to a status or restart request: one {@code ConnectorStateInfo}. */
    static ConnectorStatus connector(String body) throws JsonProcessingException {
        JsonNode status = MAPPER.readTree(body);
        if (status == null || !status.isObject()) {
            throw unexpected("a connector status object", status);
        }
        return connector(text(status.path("name")), status, null, null);
    }

    private static ConnectorStatus connector(String name, JsonNode status, String connectorClass, String infoType) {
        JsonNode c = status.path("connector");
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode t : status.path("tasks")) {
            tasks.add(new TaskStatus(t.path("id").asInt(-1), ConnectState.of(text(t.path("state"))),
                    text(t.path("worker_id")), text(t.path("trace"))));
        }
        tasks.sort(Comparator.comparingInt(TaskStatus::id));
        String type = text(status.path("type"));
        return new ConnectorStatus(name, type != null ? type : infoType, connectorClass,
                ConnectState.of(text(c.path("state"))), text(c.path("worker_id")), text(c.path("trace")), tasks);
    }

    /** Whether a reply to {@code GET /} is a Connect worker's: {@code {"version":..., "commit":..., ...}}. */
    static boolean isWorkerInfo(String body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            return root != null && root.path("version").isTextual();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * Connect's own error text from an error reply ({@code {"error_code":404,"message":"..."}}), or
     * the start of whatever else came back (a proxy's HTML page), on one line.
     */
    static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode message = MAPPER.readTree(body).path("message");
            if (message.isTextual()) {
                return message.asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: fall through to the raw text
        }
        String line = body.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }

    private static JsonProcessingException unexpected(String expected, JsonNode got) {
        String kind = got == null ? "nothing" : got.getNodeType().name().toLowerCase(Locale.ROOT);
        return JsonMappingException.from((JsonParser) null, "expected " + expected + ", got " + kind);
    }
}
