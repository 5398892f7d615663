package io.warden.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilenceStoreTest {

    @TempDir
    Path dir;

    Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void silencesAreSharedThroughTheFileAndExpire() {
        Path file = dir.resolve("silences.json");
        var cli = new SilenceStore(file, at("2026-01-01T00:00:00Z"));
        Silence s = cli.add(Map.of("group", "billing"), Duration.ofHours(2), "alice", "deploying billing");

        var daemon = new SilenceStore(file, at("2026-01-01T01:00:00Z"));
        assertThat(daemon.active()).singleElement().satisfies(read -> {
            assertThat(read).isEqualTo(s);
            assertThat(read.endsAt()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
        });
        assertThat(new SilenceStore(file, at("2026-01-01T02:00:00Z")).active()).isEmpty();

        assertThat(daemon.expire(s.id())).isTrue();
        assertThat(new SilenceStore(file, at("2026-01-01T01:00:00Z")).active()).isEmpty();
        assertThat(daemon.expire("nope")).isFalse();
    }

    @Test
    void aMissingFileHasNoSilencesAndABrokenOneIsNamed() throws Exception {
        assertThat(new SilenceStore(dir.resolve("none.json"), Clock.systemUTC()).all()).isEmpty();
        Path broken = Files.writeString(dir.resolve("broken.json"), "[{\"id\": ");
        assertThatThrownBy(() -> new SilenceStore(broken, Clock.systemUTC()).all())
                .isInstanceOf(WardenException.class).hasMessageContaining("broken.json is not a list of silences (line 1, column 9: ");
    }

    @Test
    void badSilencesAreRefusedWithTheReason() {
        var store = new SilenceStore(dir.resolve("s.json"), Clock.systemUTC());
        assertThatThrownBy(() -> store.add(Map.of(), Duration.ofHours(1), "a", ""))
                .hasMessageContaining("at least one matcher");
        assertThatThrownBy(() -> store.add(Map.of("group", "bill(ing"), Duration.ofHours(1), "a", ""))
                .hasMessageContaining("not a valid regular expression");
        assertThatThrownBy(() -> store.add(Map.of("group", "x"), Duration.ZERO, "a", ""))
                .hasMessageContaining("longer than 0s");
        assertThat(Files.exists(dir.resolve("s.json"))).isFalse();
    }
}
