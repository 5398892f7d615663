package io.warden.dr;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.dr.ParityReport.Difference;
import io.warden.schemaregistry.RegistryContent;
import io.warden.schemaregistry.SchemaVersion;
import io.warden.schemaregistry.SubjectSchemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParityDiffTest {

    private static final String V1 = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final String V2 = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"qty\",\"type\":\"int\",\"default\":0}]}";

    private static SchemaVersion v(int version, int id, String schema) {
        return new SchemaVersion(version, id, "AVRO", schema, List.of());
    }

    @Test
    void theSameSubjectsWithOtherIdsAndWhitespaceAreNoDifference() {
        var primary = new RegistryContent("BACKWARD", null, Map.of("orders-value", new SubjectSchemas(null, List.of(v(1, 1, V1)))));
        var dr = new RegistryContent("BACKWARD", null, Map.of("orders-value", new SubjectSchemas(null,
                List.of(v(1, 7, V1.replace(",", ", "))))));

        assertThat(ParityDiff.registries(primary, dr)).isEmpty();
    }

    @Test
    void missingSubjectsLatestVersionsSchemasAndCompatibilityDiffer() {
        var primary = new RegistryContent("BACKWARD", null, Map.of(
                "orders-value", new SubjectSchemas("FULL", List.of(v(1, 1, V1), v(2, 2, V2))),
                "payments-value", new SubjectSchemas(null, List.of(v(1, 3, V1)))));
        var dr = new RegistryContent("NONE", null, Map.of(
                "orders-value", new SubjectSchemas(null, List.of(v(1, 1, V1))),
                "legacy-value", new SubjectSchemas(null, List.of(v(1, 9, V1)))));

        List<Difference> d = ParityDiff.registries(primary, dr);

        assertThat(d).extracting(Difference::name, Difference::what).containsExactly(
                org.assertj.core.groups.Tuple.tuple("(global)", "compatibility"),
                org.assertj.core.groups.Tuple.tuple("legacy-value", "only on DR"),
                org.assertj.core.groups.Tuple.tuple("orders-value", "latest version"),
                org.assertj.core.groups.Tuple.tuple("orders-value", "latest schema"),
                org.assertj.core.groups.Tuple.tuple("orders-value", "compatibility"),
                org.assertj.core.groups.Tuple.tuple("payments-value", "missing on DR"));
        assertThat(d.get(0).primary()).isEqualTo("BACKWARD");
        assertThat(d.get(0).dr()).isEqualTo("NONE");
        assertThat(d.get(2).primary()).isEqualTo("2");
        assertThat(d.get(3).primary()).startsWith("sha256:").isNotEqualTo(d.get(3).dr());
        assertThat(d.get(3).primary()).isEqualTo(ParityDiff.fingerprint(v(2, 99, V2)));
        assertThat(d.get(4).primary()).isEqualTo("FULL");
        assertThat(d.get(4).dr()).isEqualTo("(global)");
        assertThat(d.get(5).primary()).startsWith("version 1 sha256:");
    }

    @Test
    void connectorsMissingOnDrAndDifferingConfigsWithSecretsMasked() {
        var primary = Map.of(
                "orders-sink", Map.of("connector.class", "JdbcSink", "tasks.max", "2", "connection.password", "s3cret-primary",
                        "connection.url", "jdbc:postgresql://db1/orders"),
                "audit-src", Map.of("connector.class", "FileSource", "aws.secret.key", "only-here"));
        var dr = Map.of(
                "orders-sink", Map.of("connector.class", "JdbcSink", "tasks.max", "1", "connection.password", "s3cret-dr",
                        "connection.url", "jdbc:postgresql://db1/orders"));

        List<Difference> d = ParityDiff.connectors(primary, dr);

        assertThat(d).extracting(Difference::name, Difference::what, Difference::primary, Difference::dr).containsExactly(
                org.assertj.core.groups.Tuple.tuple("audit-src", "missing on DR", "FileSource", "-"),
                org.assertj.core.groups.Tuple.tuple("orders-sink", "config connection.password", "changed", "changed"),
                org.assertj.core.groups.Tuple.tuple("orders-sink", "config tasks.max", "2", "1"));
        assertThat(d.toString()).doesNotContain("s3cret", "only-here");
    }

    @Test
    void aSecretSetOnOneSideOnlyShowsWhichSideHasIt() {
        List<Difference> d = ParityDiff.connectors(Map.of("c", Map.of("sasl.jaas.config", "user=a password=b")),
                Map.of("c", Map.of()));

        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.primary()).isEqualTo("[hidden]");
            assertThat(x.dr()).isEqualTo("(default)");
        });
    }

    @Test
    void aPasswordInsideAnOrdinaryValueIsHiddenToo() {
        List<Difference> d = ParityDiff.connectors(
                Map.of("c", Map.of("connection.url", "jdbc:postgresql://app:pw-primary@db1/orders")),
                Map.of("c", Map.of("connection.url", "jdbc:mysql://db2/orders?user=app&password=pw-dr")));

        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.primary()).contains("db1/orders").doesNotContain("pw-primary");
            assertThat(x.dr()).contains("db2/orders").doesNotContain("pw-dr");
        });
    }
}
