package io.warden.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaRegistrySettingsTest {

    @Test
    void thePasswordNeverShowsAndAUrlWithCredentialsIsRefusedWithoutEchoingThem() {
        var s = SchemaRegistrySettings.of(List.of("http://sr:8081/"), "ops", "s3cret-pw", Duration.ofSeconds(5));
        assertThat(s.urls()).extracting(Object::toString).containsExactly("http://sr:8081");
        assertThat(s.toString()).contains("ops").doesNotContain("s3cret-pw");
        assertThat(new SchemaRegistryClient(s).toString()).doesNotContain("s3cret-pw");

        assertThatThrownBy(() -> SchemaRegistrySettings.of(List.of("http://ops:s3cret-pw@sr:8081"), null, null, Duration.ofSeconds(5)))
                .isInstanceOf(WardenException.class)
                .hasMessageContaining("carries credentials")
                .hasMessageNotContaining("s3cret-pw");
        assertThatThrownBy(() -> SchemaRegistrySettings.of(List.of("http://sr:8081"), "ops", null, Duration.ofSeconds(5)))
                .hasMessageContaining("WARDEN_SCHEMA_REGISTRY_PASSWORD");
    }

    @Test
    void schemasThatDifferOnlyInJsonWhitespaceAreTheSame() {
        var a = new SchemaVersion(1, 1, null, "{\"type\": \"string\"}", List.of());
        var b = new SchemaVersion(1, 9, "AVRO", "{\"type\":\"string\"}", null);
        assertThat(a.sameContent(b)).isTrue();
        assertThat(a.sameContent(new SchemaVersion(1, 1, "JSON", "{\"type\":\"string\"}", List.of()))).isFalse();
        assertThat(new SchemaVersion(1, 1, "PROTOBUF", "message A {}", List.of())
                .sameContent(new SchemaVersion(1, 1, "PROTOBUF", "message  A {}", List.of()))).isFalse();
    }
}
