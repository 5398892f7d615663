package io.warden.schemaregistry;

import java.util.List;
import java.util.Objects;

/**
 * One version of a subject.
 *
 * @param id         the registry-wide schema id that serialized records carry
 * @param schemaType AVRO, JSON or PROTOBUF; the registry omits it for AVRO
 */
public record SchemaVersion(int version, int id, String schemaType, String schema, List<SchemaReference> references) {

    public SchemaVersion {
        schemaType = schemaType == null || schemaType.isBlank() ? "AVRO" : schemaType;
        references = references == null ? List.of() : List.copyOf(references);
        Objects.requireNonNull(schema, "schema");
    }

    /** The same schema, type and references, whatever the id: what decides whether two registries agree. */
    public boolean sameContent(SchemaVersion other) {
        return schemaType.equals(other.schemaType) && references.equals(other.references)
                && SchemaText.equivalent(schema, other.schema);
    }
}
