package io.warden.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The line format of the audit trail, in one place so the writer and the reader cannot drift apart. */
final class AuditJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // sorted keys: the same event always gives the same bytes, which diffs and greps like
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            // a line is one object and nothing else, so two events run together are not one event
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private AuditJson() {
    }

    /** One event as UTF-8 JSON ending in a newline; the fields always come in the same order. */
    static byte[] line(AuditEvent e) throws IOException {
        if (e.time() == null || e.type() == null) {
            throw new IllegalArgumentException("an audit event needs a time and a type; key=" + e.key());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("time", e.time().toString());
            g.writeStringField("type", e.type());
            g.writeStringField("cluster", e.cluster());
            g.writeStringField("key", e.key());
            g.writeFieldName("data");
            MAPPER.writeValue(g, e.data());
            g.writeEndObject();
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /** Parses one line, or returns null when it is not a whole event (a torn line, garbage). */
    static AuditEvent parse(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            if (node == null || !node.isObject() || !node.path("time").isTextual() || !node.path("type").isTextual()) {
                return null;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            JsonNode dataNode = node.path("data");
            if (dataNode.isObject()) {
                MAPPER.convertValue(dataNode, MAP).forEach((k, v) -> {
                    if (v != null) { // an event's data holds no nulls at the top
                        data.put(k, v);
                    }
                });
            }
            return new AuditEvent(Instant.parse(node.get("time").asText()), node.get("type").asText(),
                    text(node, "cluster"), text(node, "key"), data);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
