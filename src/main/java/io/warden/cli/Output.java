package io.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;

/** Table for people, JSON for machines. */
enum Output {
    table, json;

    /** Built on first use: picocli loads this enum for every command, most of which print no JSON. */
    private static final class Json {
        // a path as the operator typed it, not Jackson's file:// URI
        static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
                .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                        .addSerializer(java.nio.file.Path.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    static void printJson(PrintWriter out, Object value) {
        try {
            // streamed: the lag of thousands of partitions need not exist as one string
            Json.MAPPER.writeValue(out, value);
            out.println();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
        out.flush();
    }
}
