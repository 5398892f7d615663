package io.warden.dr;

import java.util.List;

/**
 * How the DR cluster's surroundings match the primary's: Schema Registry subjects and Kafka
 * Connect connectors.
 *
 * @param subjects    subjects compared (on either side), or null when the registries were not compared
 * @param connectors  connectors compared (on either side), or null when Connect was not compared
 * @param differences every difference, registry first, in name order
 * @param unknown     what could not be compared and why (a registry that did not answer ...)
 */
public record ParityReport(String sourceSchemaRegistry, String targetSchemaRegistry, String sourceConnect, String targetConnect,
                           Integer subjects, Integer connectors, List<Difference> differences, List<String> unknown) {

    public ParityReport {
        differences = List.copyOf(differences);
        unknown = List.copyOf(unknown);
    }

    /**
     * One difference.
     *
     * @param area    {@code schema-registry} or {@code connect}
     * @param name    the subject or connector ({@code (global)} for the registry's own settings)
     * @param what    e.g. {@code missing on DR}, {@code latest version}, {@code config connection.url}
     * @param primary the primary's value, secrets masked ({@code -} when it has none)
     * @param dr      the DR's value, likewise
     */
    public record Difference(String area, String name, String what, String primary, String dr) {
    }

    /** Exit 1 when something differs, 3 when nothing differs but something could not be compared, else 0. */
    public int exitCode() {
        return !differences.isEmpty() ? 1 : unknown.isEmpty() ? 0 : 3;
    }
}
