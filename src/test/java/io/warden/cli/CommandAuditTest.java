package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.warden.WardenException;
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

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aCommandsRecordGoesToTheTrailTheConfigNames(@TempDir Path dir) throws Exception {
        Path trail = dir.resolve("audit.jsonl");
        Path config = Files.writeString(dir.resolve("w.yaml"), "audit: {file: " + trail + "}\n");

        try (CommandAudit audit = CommandAudit.open(true, config, CLOCK, "kafka1:9092")) {
            audit.record("groups.reset-offsets", "billing", Map.of("partitions", 3), "offsets of group billing WERE reset");
        }

        assertThat(AuditReader.read(trail, AuditReader.all()).events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("groups.reset-offsets");
            assertThat(e.key()).isEqualTo("billing");
            assertThat(e.cluster()).isEqualTo("kafka1:9092");
            assertThat(e.time()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
            assertThat(e.data()).containsEntry("partitions", 3);
        });
    }

    @Test
    void aConfigThatDoesNotLoadFailsWhenTheTrailIsOpenedNotAfterTheChange(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("w.yaml"), "audit:\n  file: ${WARDEN_TEST_SURELY_UNSET}/audit.jsonl\n");

        assertThatThrownBy(() -> CommandAudit.open(true, config, CLOCK, "k:9092"))
                .isInstanceOf(WardenException.class).hasMessageContaining("WARDEN_TEST_SURELY_UNSET")
                .extracting(e -> ((WardenException) e).exitCode()).isEqualTo(WardenException.CONFIG);
        // a dry run records nothing, but the config the operator named is checked then already
        assertThatThrownBy(() -> CommandAudit.open(false, config, CLOCK, "k:9092")).hasMessageContaining("WARDEN_TEST_SURELY_UNSET");
        CommandAudit.open(false, null, CLOCK, "k:9092").close();
    }

    @Test
    void aTrailThatCannotBeWrittenFailsWhenOpenedSayingNothingChanged(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path config = Files.writeString(dir.resolve("w.yaml"), "audit: {file: " + notADirectory.resolve("audit.jsonl") + "}\n");

        assertThatThrownBy(() -> CommandAudit.open(true, config, CLOCK, "k:9092"))
                .isInstanceOf(WardenException.class).hasMessageContaining("nothing was changed")
                .extracting(e -> ((WardenException) e).exitCode()).isEqualTo(WardenException.CANT_CREATE);
    }

    @Test
    void aRecordLostAfterTheChangeSaysPlainlyThatTheChangeWasMade(@TempDir Path dir) throws Exception {
        Path full = Path.of("/dev/full"); // opens like any file; every write fails with "No space left on device"
        assumeTrue(Files.isWritable(full));
        Path config = Files.writeString(dir.resolve("w.yaml"), "audit: {file: " + full + "}\n");

        CommandAudit audit = CommandAudit.open(true, config, CLOCK, "k:9092");
        audit.record("groups.reset-offsets", "billing", Map.of(), "offsets of group billing WERE reset");
        audit.record("groups.reset-offsets", "failed-step", Map.of(), null);

        assertThatThrownBy(audit::close).isInstanceOf(WardenException.class)
                .hasMessageStartingWith("offsets of group billing WERE reset; 2 audit records could not be written to /dev/full: ")
                .hasMessageContaining("No space left on device")
                .extracting(e -> ((WardenException) e).exitCode()).isEqualTo(WardenException.CANT_CREATE);
    }
}
