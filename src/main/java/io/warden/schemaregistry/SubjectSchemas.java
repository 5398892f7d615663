package io.warden.schemaregistry;

import java.util.List;

/**
 * A subject's live (not soft-deleted) versions, oldest first.
 *
 * @param compatibility the subject's own compatibility level, or null when it follows the global one
 */
public record SubjectSchemas(String compatibility, List<SchemaVersion> versions) {

    public SubjectSchemas {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }
}
