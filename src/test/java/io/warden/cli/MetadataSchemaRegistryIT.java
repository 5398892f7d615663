package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.embedded.EmbeddedKafka;
import io.warden.schemaregistry.ApicurioRegistry;
import io.warden.schemaregistry.RegistryContent;
import io.warden.schemaregistry.SchemaReference;
import io.warden.schemaregistry.SchemaRegistryClient;
import io.warden.schemaregistry.SchemaRegistrySettings;
import io.warden.schemaregistry.SchemaVersion;
import io.warden.schemaregistry.SubjectSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a Schema Registry with subjects of several versions, a per-subject compatibility and a
 * schema that references another subject, when its metadata backup is restored into an empty
 * registry, then the plan changes nothing, --execute registers every version in order with the
 * subject's compatibility, and what differs afterwards is shown and left alone. Both registries are
 * real (Apicurio Registry's Confluent API).
 */
class MetadataSchemaRegistryIT {

    static EmbeddedKafka kafka;
    static CompletableFuture<ApicurioRegistry> startingSource;
    static CompletableFuture<ApicurioRegistry> startingTarget;
    static ApicurioRegistry sourceRegistry;
    static ApicurioRegistry targetRegistry;
    static SchemaRegistryClient source;
    static SchemaRegistryClient target;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        startingSource = ApicurioRegistry.startAsync();
        startingTarget = ApicurioRegistry.startAsync();
        kafka = EmbeddedKafka.single();
        sourceRegistry = startingSource.join();
        targetRegistry = startingTarget.join();
        source = client(sourceRegistry);
        target = client(targetRegistry);
    }

    @AfterAll
    static void stop() {
        // a registry that started while the other failed must not outlive the test JVM's run
        for (var starting : List.of(startingSource, startingTarget)) {
            starting.thenAccept(ApicurioRegistry::close).exceptionally(e -> null).join();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static SchemaRegistryClient client(ApicurioRegistry r) {
        return new SchemaRegistryClient(SchemaRegistrySettings.of(List.of(r.url()), null, null, Duration.ofSeconds(10)));
    }

    static String order(String... extraFields) {
        StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"string\"}");
        for (String f : extraFields) {
            fields.append(",{\"name\":\"").append(f).append("\",\"type\":\"int\",\"default\":0}");
        }
        return "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":[" + fields + "]}";
    }

    static SchemaVersion avro(String schema, SchemaReference... refs) {
        return new SchemaVersion(0, 0, "AVRO", schema, List.of(refs));
    }

    @Test
    void anEmptyRegistryGetsEverySubjectVersionAndCompatibilityBackAndDifferencesAreShown() throws Exception {
        source.register("orders-value", avro(order()), false);
        source.setCompatibility("orders-value", "FULL");
        source.register("orders-value", avro(order("quantity")), false);
        source.register("orders-value", avro(order("quantity", "priority")), false);
        source.register("customers-value", avro("{\"type\":\"record\",\"name\":\"Customer\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}"), false);
        source.register("customers-value", avro("{\"type\":\"record\",\"name\":\"Customer\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
                + "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}]}"), false);
        // sorts before the subject it references: the restore must register orders-value first
        source.register("audit-envelope-value", avro("{\"type\":\"record\",\"name\":\"Envelope\",\"namespace\":\"shop\","
                + "\"fields\":[{\"name\":\"order\",\"type\":\"shop.Order\"}]}", new SchemaReference("shop.Order", "orders-value", 1)), false);
        source.register("events-proto", new SchemaVersion(0, 0, "PROTOBUF",
                "syntax = \"proto3\";\npackage shop;\n\nmessage Event {\n  string id = 1;\n}\n", List.of()), false);
        RegistryContent before = source.read();

        Path file = dir.resolve("metadata.json");
        Cli backup = Cli.run("backup", "metadata", "-b", kafka.bootstrapServers(), "--schema-registry-url", sourceRegistry.url(),
                "--to", file.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("4 schema subjects (7 versions)");
        assertThat(Files.readString(file)).contains("\"version\" : 2", "\"schemaRegistry\"");

        Cli plan = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers(),
                "--schema-registry-url", targetRegistry.url());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("register subject orders-value versions 1,2,3, compatibility FULL",
                "register subject audit-envelope-value version 1", "no IMPORT mode", "Nothing was changed");
        assertThat(plan.out().indexOf("register subject orders-value")).isLessThan(plan.out().indexOf("register subject audit-envelope-value"));
        assertThat(target.subjects()).isEmpty();

        Path auditConfig = Files.writeString(dir.resolve("warden.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
        Cli run = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers(),
                "--schema-registry-url", targetRegistry.url(), "--execute", "--config-file", auditConfig.toString());
        assertThat(run.out()).doesNotContain("FAILED");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1); // the ids are new: reported, not an error

        RegistryContent after = target.read();
        assertThat(after.subjects().keySet()).isEqualTo(before.subjects().keySet());
        before.subjects().forEach((name, want) -> {
            SubjectSchemas have = after.subjects().get(name);
            assertThat(have.compatibility()).as(name).isEqualTo(want.compatibility());
            assertThat(have.versions()).as(name).hasSameSizeAs(want.versions());
            for (int i = 0; i < want.versions().size(); i++) {
                SchemaVersion w = want.versions().get(i);
                SchemaVersion h = have.versions().get(i);
                assertThat(h.version()).as(name).isEqualTo(w.version());
                assertThat(h.sameContent(w)).as(name + " version " + w.version() + ": " + h + " vs " + w).isTrue();
            }
        });
        assertThat(after.subjects().get("orders-value").compatibility()).isEqualTo("FULL");
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("restore.metadata", "REGISTER_SCHEMAS", "orders-value");

        // the registry named in warden.yaml instead of on the command line
        Path registryConfig = Files.writeString(dir.resolve("registry.yaml"),
                "cluster:\n  schema-registry:\n    urls: [" + targetRegistry.url() + "]\n    timeout: 5s\n");
        Cli again = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers(),
                "--config-file", registryConfig.toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("Nothing to restore");

        target.register("customers-value", avro("{\"type\":\"record\",\"name\":\"Customer\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
                + "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"vip\",\"type\":\"boolean\",\"default\":false}]}"), false);
        target.setCompatibility("orders-value", "BACKWARD");
        Cli differs = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers(),
                "--schema-registry-url", targetRegistry.url(), "--execute", "--config-file", auditConfig.toString());
        assertThat(differs.exitCode()).as(differs.out() + differs.err()).isEqualTo(1);
        assertThat(differs.out()).contains("differs: subject customers-value versions [3]: in the registry, not in the backup",
                "differs: subject orders-value compatibility: backup FULL, registry BACKWARD");
        assertThat(target.subjectCompatibility("orders-value")).isEqualTo("BACKWARD");
        assertThat(target.versions("customers-value")).containsExactly(1, 2, 3);
    }

    @Test
    void withoutARegistryUrlTheSubjectsAreReportedNotRestored() throws Exception {
        Path file = dir.resolve("metadata.json");
        Files.writeString(file, "{\"format\":\"warden-metadata-backup\",\"version\":2,\"capturedAt\":\"2026-01-01T00:00:00Z\","
                + "\"clusterId\":\"x\",\"topics\":{},\"groups\":{},\"schemaRegistry\":{\"compatibility\":\"BACKWARD\",\"subjects\":"
                + "{\"a-value\":{\"versions\":[{\"version\":1,\"id\":1,\"schema\":\"\\\"string\\\"\"}]}}}}");
        Cli plan = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(1);
        assertThat(plan.out()).contains("1 Schema Registry subjects in the backup; give --schema-registry-url to restore them");
        Map<String, SubjectSchemas> untouched = target.read().subjects();
        assertThat(untouched).doesNotContainKey("a-value");
    }
}
