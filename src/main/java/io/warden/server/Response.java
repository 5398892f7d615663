package io.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one request gets back; {@code headers} are added to Content-Type and Cache-Control. */
record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";
    /** How the API writes and reads JSON: times as ISO-8601 text. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    Response {
        headers = Map.copyOf(headers);
    }

    Response(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    static Response json(int status, String body) {
        return new Response(status, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code value} as JSON, times as ISO-8601 text. */
    static Response json(int status, Object value) {
        try {
            return json(status, MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response noContent() {
        return new Response(204, JSON, new byte[0]);
    }

    /** {@code {"status":…,"error":…,"path":…}}; the path is left out when null. */
    static Response error(int status, String message, String path) {
        var body = new LinkedHashMap<String, Object>();
        body.put("status", status);
        body.put("error", message);
        if (path != null) {
            body.put("path", path);
        }
        try {
            return json(status, MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a map of strings and a number always serializes
        }
    }

    Response withHeader(String name, String value) {
        var all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Response(status, contentType, body, all);
    }
}
