package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.audit.AuditReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandAuditTest {

    @Test
    void aCommandsRecordGoesToTheTrailTheConfigNames(@TempDir Path dir) throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        Path config = Files.writeString(dir.resolve("w.yaml"), "audit: {file: " + trail + "}\n");
        Clock clock = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);

        CommandAudit.record(config, clock, "groups.reset-offsets", "kafka1:9092", "billing", Map.of("partitions", 3));

        assertThat(AuditReader.read(trail, AuditReader.all()).events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("groups.reset-offsets");
            assertThat(e.key()).isEqualTo("billing");
            assertThat(e.time()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
            assertThat(e.data()).containsEntry("partitions", 3);
        });
    }
}
