package io.warden.protect.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protect.metadata.RestoreStep.Kind;
import io.warden.schemaregistry.RegistryContent;
import io.warden.schemaregistry.SchemaReference;
import io.warden.schemaregistry.SchemaVersion;
import io.warden.schemaregistry.SubjectSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaRegistryPlannerTest {

    private static SchemaVersion v(int version, int id, String schema, SchemaReference... refs) {
        return new SchemaVersion(version, id, null, schema, List.of(refs));
    }

    private static List<RestoreStep> plan(RegistryContent want, RegistryContent have) {
        List<RestoreStep> out = new ArrayList<>();
        SchemaRegistryPlanner.plan(want, have, out);
        return out;
    }

    @Test
    void aSubjectIsRegisteredAfterTheSubjectsItReferencesWhateverTheirNames() {
        var want = new RegistryContent("BACKWARD", null, Map.of(
                "a-envelope", new SubjectSchemas(null, List.of(v(1, 3, "{\"type\":\"record\"}", new SchemaReference("Z", "z-base", 2)))),
                "z-base", new SubjectSchemas("FULL", List.of(v(1, 1, "\"string\""), v(2, 2, "\"bytes\"")))));
        List<RestoreStep> steps = plan(want, new RegistryContent("BACKWARD", null, Map.of()));

        assertThat(steps).extracting(RestoreStep::kind).containsExactly(Kind.SKIPPED, Kind.REGISTER_SCHEMAS, Kind.REGISTER_SCHEMAS);
        assertThat(steps.get(0).summary()).contains("no IMPORT mode");
        assertThat(steps.get(1).subject()).isEqualTo("z-base");
        assertThat(steps.get(1).schemas().compatibility()).isEqualTo("FULL");
        assertThat(steps.get(1).schemas().keepIds()).isFalse();
        assertThat(steps.get(2).subject()).isEqualTo("a-envelope");
    }

    @Test
    void aRegistryWithImportModeKeepsTheIdsOfNewSubjectsOnly() {
        var want = new RegistryContent("BACKWARD", "READWRITE", Map.of(
                "new", new SubjectSchemas(null, List.of(v(1, 10, "\"string\""))),
                "old", new SubjectSchemas(null, List.of(v(1, 11, "\"int\""), v(2, 12, "\"long\"")))));
        var have = new RegistryContent("BACKWARD", "READWRITE", Map.of(
                "old", new SubjectSchemas(null, List.of(v(1, 5, "\"int\"")))));
        List<RestoreStep> steps = plan(want, have);

        assertThat(steps).extracting(RestoreStep::kind).containsExactly(Kind.SKIPPED, Kind.REGISTER_SCHEMAS, Kind.REGISTER_SCHEMAS);
        assertThat(steps.get(0).summary()).contains("versions added to existing subjects get the ids the registry assigns");
        assertThat(steps.get(1).summary()).isEqualTo("register subject new version 1 with the backup's ids");
        assertThat(steps.get(1).schemas().keepIds()).isTrue();
        assertThat(steps.get(2).schemas().register()).extracting(SchemaVersion::version).containsExactly(2);
        assertThat(steps.get(2).schemas().keepIds()).isFalse();
    }

    @Test
    void whatDiffersIsReportedAndAMissingSubjectLevelIsSet() {
        var want = new RegistryContent("FULL", null, Map.of(
                "s", new SubjectSchemas("FORWARD", List.of(v(1, 1, "{\"type\": \"string\"}"), v(2, 2, "\"int\""))),
                "t", new SubjectSchemas("NONE", List.of(v(1, 3, "\"long\"")))));
        var have = new RegistryContent("BACKWARD", null, Map.of(
                "s", new SubjectSchemas(null, List.of(v(1, 7, "{\"type\":\"string\"}"), v(2, 8, "\"bytes\""), v(3, 9, "\"null\""))),
                "t", new SubjectSchemas("FULL", List.of(v(1, 3, "\"long\"")))));
        List<RestoreStep> steps = plan(want, have);

        assertThat(steps).extracting(RestoreStep::summary).containsExactly(
                "schema registry global compatibility: backup FULL, registry BACKWARD",
                "subject s version 2: the schema differs (backup id 2, registry id 8)",
                "subject s versions [3]: in the registry, not in the backup",
                "set compatibility of subject s to FORWARD",
                "subject t compatibility: backup NONE, registry FULL");
        assertThat(steps.get(3).kind()).isEqualTo(Kind.SET_COMPATIBILITY);
    }

    @Test
    void aNewSubjectWithDeletedVersionsIsRenumberedAndSaysSo() {
        var want = new RegistryContent("BACKWARD", null, Map.of("s", new SubjectSchemas(null, List.of(v(1, 1, "\"int\""), v(3, 3, "\"long\"")))));
        List<RestoreStep> steps = plan(want, new RegistryContent("BACKWARD", null, Map.of()));
        assertThat(steps.get(1).summary()).isEqualTo("register subject s versions 1,3 (the registry numbers them 1..2)");
    }

    @Test
    void withoutATargetRegistryTheSubjectsAreSkipped() {
        var want = new RegistryContent("BACKWARD", null, Map.of("s", new SubjectSchemas(null, List.of(v(1, 1, "\"int\"")))));
        assertThat(plan(want, null)).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(Kind.SKIPPED);
            assertThat(s.summary()).contains("give --schema-registry-url");
        });
        assertThat(plan(null, new RegistryContent("BACKWARD", null, Map.of()))).isEmpty();
    }
}
