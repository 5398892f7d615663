package io.warden.protect.metadata;

import io.warden.WardenException;
import io.warden.protect.metadata.RestoreStep.SubjectRestore;
import io.warden.schemaregistry.SchemaRegistryClient;
import io.warden.schemaregistry.SchemaVersion;
import java.util.List;

/** Runs one planned Schema Registry step: registers a subject's versions in order, sets its compatibility. */
final class SubjectRestorer {

    private final SchemaRegistryClient registry;

    SubjectRestorer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    void run(String subject, SubjectRestore restore) throws InterruptedException {
        List<SchemaVersion> versions = restore.register();
        if (versions.isEmpty()) {
            registry.setCompatibility(subject, restore.compatibility());
            return;
        }
        int done = 0;
        try {
            if (restore.keepIds()) {
                // IMPORT mode skips the compatibility checks the source already made and takes the ids as given
                registry.setMode(subject, "IMPORT");
                try {
                    for (SchemaVersion v : versions) {
                        int id = registry.register(subject, v, true);
                        if (id != v.id()) {
                            throw new WardenException(WardenException.UNAVAILABLE, "the registry gave version " + v.version()
                                    + " id " + id + " instead of the backup's " + v.id());
                        }
                        done++;
                    }
                } finally {
                    registry.deleteMode(subject);
                }
                setCompatibility(subject, restore.compatibility());
                return;
            }
            registry.register(subject, versions.get(0), false);
            done++;
            // before the later versions, so they are checked against the subject's own level as in the source
            // (Apicurio takes a subject-level setting only once the subject exists)
            setCompatibility(subject, restore.compatibility());
            for (SchemaVersion v : versions.subList(1, versions.size())) {
                registry.register(subject, v, false);
                done++;
            }
        } catch (WardenException e) {
            throw new WardenException(e.exitCode(), "registered " + done + " of " + versions.size() + " versions of subject "
                    + subject + ", then: " + e.getMessage() + (done > 0 ? "; run the restore again to add the rest" : ""), e);
        }
    }

    /** Skipped when the registry already reports the level, so a subject that follows the global one stays so there. */
    private void setCompatibility(String subject, String level) throws InterruptedException {
        if (level != null && !level.equals(registry.subjectCompatibility(subject))) {
            registry.setCompatibility(subject, level);
        }
    }
}
