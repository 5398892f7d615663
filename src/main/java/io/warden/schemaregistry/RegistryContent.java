package io.warden.schemaregistry;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a metadata backup keeps of a Schema Registry.
 *
 * @param compatibility the global compatibility level
 * @param mode          the global mode (READWRITE, READONLY, IMPORT), or null when the registry has no mode API
 * @param subjects      by subject name
 */
public record RegistryContent(String compatibility, String mode, Map<String, SubjectSchemas> subjects) {

    public RegistryContent {
        subjects = subjects == null ? Map.of() : new TreeMap<>(subjects);
    }

    /** Whether the registry can keep schema ids on registration (Confluent's IMPORT mode). */
    public boolean supportsImportMode() {
        return mode != null;
    }
}
