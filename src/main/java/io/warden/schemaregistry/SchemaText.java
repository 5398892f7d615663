package io.warden.schemaregistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Compares schema texts the way a registry may store them: JSON schemas (Avro, JSON Schema) by value. */
final class SchemaText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SchemaText() {
    }

    /** Registries may re-serialize a JSON schema with other whitespace; Protobuf text is compared as is. */
    static boolean equivalent(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return MAPPER.readTree(a).equals(MAPPER.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
