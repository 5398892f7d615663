package io.warden.protect.metadata;

import io.warden.protect.metadata.RestoreStep.Kind;
import io.warden.protect.metadata.RestoreStep.SubjectRestore;
import io.warden.schemaregistry.RegistryContent;
import io.warden.schemaregistry.SchemaReference;
import io.warden.schemaregistry.SchemaVersion;
import io.warden.schemaregistry.SubjectSchemas;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides the Schema Registry part of a restore: register the subjects and versions the registry
 * lacks, set a missing subject-level compatibility, and report every other difference. Pure.
 */
final class SchemaRegistryPlanner {

    private SchemaRegistryPlanner() {
    }

    /** @param have the target registry read now, or null when no registry was named for the restore */
    static void plan(RegistryContent want, RegistryContent have, List<RestoreStep> out) {
        if (want == null || want.subjects().isEmpty() && want.compatibility() == null) {
            return;
        }
        if (have == null) {
            out.add(RestoreStep.report(Kind.SKIPPED, "schema registry", want.subjects().size()
                    + " Schema Registry subjects in the backup; give --schema-registry-url to restore them"));
            return;
        }
        if (!Objects.equals(want.compatibility(), have.compatibility())) {
            out.add(RestoreStep.report(Kind.DIFFERS, "schema registry", "schema registry global compatibility: backup "
                    + want.compatibility() + ", registry " + have.compatibility()));
        }
        if (want.mode() != null && have.mode() != null && !want.mode().equals(have.mode())) {
            out.add(RestoreStep.report(Kind.DIFFERS, "schema registry", "schema registry mode: backup " + want.mode()
                    + ", registry " + have.mode()));
        }
        int before = out.size();
        for (String subject : dependencyOrder(want.subjects())) {
            subject(subject, want.subjects().get(subject), have.subjects().get(subject), have.supportsImportMode(), out);
        }
        boolean newIds = out.subList(before, out.size()).stream()
                .anyMatch(s -> s.kind() == Kind.REGISTER_SCHEMAS && !s.schemas().keepIds());
        if (newIds) {
            out.add(before, RestoreStep.report(Kind.SKIPPED, "schema ids", have.supportsImportMode()
                    ? "schema ids: versions added to existing subjects get the ids the registry assigns, not the backup's"
                    : "schema ids: the registry has no IMPORT mode, so restored schemas get the ids it assigns, not the "
                    + "backup's; records serialized with the old ids do not resolve against it"));
        }
    }

    private static void subject(String name, SubjectSchemas want, SubjectSchemas have, boolean importMode, List<RestoreStep> out) {
        if (have == null) {
            if (want.versions().isEmpty()) {
                return;
            }
            out.add(register(name, want.versions(), want.compatibility(), importMode, true));
            return;
        }
        Map<Integer, SchemaVersion> existing = new TreeMap<>();
        have.versions().forEach(v -> existing.put(v.version(), v));
        int latest = have.versions().stream().mapToInt(SchemaVersion::version).max().orElse(0);
        List<SchemaVersion> missing = new ArrayList<>();
        for (SchemaVersion v : want.versions()) {
            SchemaVersion h = existing.remove(v.version());
            if (h == null && v.version() > latest) {
                missing.add(v);
            } else if (h == null) {
                out.add(RestoreStep.report(Kind.DIFFERS, name, "subject " + name + " version " + v.version()
                        + ": in the backup, not in the registry, and it cannot be added below its version " + latest));
            } else if (!v.sameContent(h)) {
                out.add(RestoreStep.report(Kind.DIFFERS, name, "subject " + name + " version " + v.version()
                        + ": the schema differs (backup id " + v.id() + ", registry id " + h.id() + ")"));
            }
        }
        if (!existing.isEmpty()) {
            out.add(RestoreStep.report(Kind.DIFFERS, name, "subject " + name + " versions " + existing.keySet()
                    + ": in the registry, not in the backup"));
        }
        if (!missing.isEmpty()) {
            // Confluent takes IMPORT mode only on an empty subject
            out.add(register(name, missing, null, false, false));
        }
        if (want.compatibility() != null && have.compatibility() == null) {
            out.add(new RestoreStep(Kind.SET_COMPATIBILITY, name, "set compatibility of subject " + name + " to "
                    + want.compatibility(), null, null, null, null, new SubjectRestore(List.of(), want.compatibility(), false)));
        } else if (!Objects.equals(want.compatibility(), have.compatibility())) {
            out.add(RestoreStep.report(Kind.DIFFERS, name, "subject " + name + " compatibility: backup "
                    + level(want.compatibility()) + ", registry " + level(have.compatibility())));
        }
    }

    private static RestoreStep register(String name, List<SchemaVersion> versions, String compatibility, boolean keepIds,
                                        boolean newSubject) {
        String numbers = versions.stream().map(v -> String.valueOf(v.version())).collect(Collectors.joining(","));
        boolean renumbered = !keepIds && newSubject && !contiguousFromOne(versions);
        String summary = "register subject " + name + " version" + (versions.size() == 1 ? " " : "s ") + numbers
                + (keepIds ? " with the backup's ids" : "")
                + (renumbered ? " (the registry numbers them 1.." + versions.size() + ")" : "")
                + (compatibility == null ? "" : ", compatibility " + compatibility);
        return new RestoreStep(Kind.REGISTER_SCHEMAS, name, summary, null, null, null, null,
                new SubjectRestore(versions, compatibility, keepIds));
    }

    private static boolean contiguousFromOne(List<SchemaVersion> versions) {
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).version() != i + 1) {
                return false;
            }
        }
        return true;
    }

    private static String level(String compatibility) {
        return compatibility == null ? "(global)" : compatibility;
    }

    /**
     * Subjects in name order, except that a subject comes after the subjects its schemas reference:
     * a registry refuses a schema whose references it does not have yet.
     */
    static List<String> dependencyOrder(Map<String, SubjectSchemas> subjects) {
        Set<String> ordered = new LinkedHashSet<>();
        new TreeMap<>(subjects).keySet().forEach(s -> visit(s, subjects, ordered, new LinkedHashSet<>()));
        return List.copyOf(ordered);
    }

    private static void visit(String subject, Map<String, SubjectSchemas> subjects, Set<String> ordered, Set<String> path) {
        if (ordered.contains(subject) || !subjects.containsKey(subject) || !path.add(subject)) {
            return; // done, outside the backup (the registry must have it), or a cycle no registry could hold
        }
        subjects.get(subject).versions().stream().flatMap(v -> v.references().stream()).map(SchemaReference::subject)
                .sorted().forEach(r -> visit(r, subjects, ordered, path));
        ordered.add(subject);
    }
}
