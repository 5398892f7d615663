package io.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader(Map.of("KAFKA_PASSWORD", "s3cret")::get);

    @Test
    void readsEveryPartAndSubstitutesSecretsFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("warden.yaml"), """
                cluster:
                  name: prod
                  bootstrap-servers: kafka1:9092,kafka2:9092
                  client:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: password="${KAFKA_PASSWORD}"
                  expected-brokers: [1, 2, 3]
                watch:
                  interval: 15s
                  window: 10m
                checks:
                  lag: {warning: 500, critical: 5000}
                  dlq: {patterns: ['^errors\\..*']}
                http:
                  port: 0
                """);

        WardenConfig config = loader.load(file);

        assertThat(config.cluster().bootstrapServers()).isEqualTo("kafka1:9092,kafka2:9092");
        assertThat(config.cluster().client()).containsEntry("sasl.jaas.config", "password=\"s3cret\"");
        assertThat(config.cluster().expectedBrokers()).containsExactly(1, 2, 3);
        assertThat(config.watch().interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.watch().window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.watch().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.checks().lag().critical()).isEqualTo(5000.0);
        assertThat(config.checks().dlq().patterns()).containsExactly("^errors\\..*");
        assertThat(config.checks().dlq().warning()).isEqualTo(100L);
        assertThat(config.http().port()).isZero();
    }

    @Test
    void emptyFileMeansDefaults(@TempDir Path dir) throws Exception {
        WardenConfig config = loader.load(Files.writeString(dir.resolve("empty.yaml"), ""));
        assertThat(config.watch().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.http().port()).isEqualTo(9308);
    }

    @Test
    void unknownKeyNamesFileLineAndTheKnownKeys(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), "watch:\n  interval: 30s\n  intervall: 5s\n");
        assertThatThrownBy(() -> loader.load(file))
                .isInstanceOf(WardenException.class)
                .hasMessageContaining("w.yaml:3:")
                .hasMessageContaining("unknown key 'intervall'")
                .hasMessageContaining("did you mean 'interval'?")
                .hasMessageContaining("interval")
                .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(WardenException.CONFIG));
    }

    @Test
    void badDurationNamesTheFieldAndWhatIsAllowed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), "watch:\n  interval: often\n");
        assertThatThrownBy(() -> loader.load(file))
                .hasMessageContaining("w.yaml:2:")
                .hasMessageContaining("'watch.interval'")
                .hasMessageContaining("30s");
    }

    @Test
    void missingEnvironmentVariableIsNamedWithItsLineAndNeverGuessed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), "cluster:\n  client:\n    sasl.jaas.config: ${NOT_SET_ANYWHERE}\n");
        assertThatThrownBy(() -> loader.load(file))
                .hasMessageContaining("w.yaml:3:")
                .hasMessageContaining("NOT_SET_ANYWHERE is not set");
        Path withDefault = Files.writeString(dir.resolve("d.yaml"), "cluster:\n  name: ${NOT_SET_ANYWHERE:-fallback}\n");
        assertThat(loader.load(withDefault).cluster().name()).isEqualTo("fallback");
    }

    @Test
    void unreadableFilesAreNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml")))
                .hasMessageContaining("missing.yaml does not exist")
                .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(WardenException.NO_INPUT));
        Path broken = Files.writeString(dir.resolve("b.yaml"), "watch: [unclosed\n");
        assertThatThrownBy(() -> loader.load(broken)).hasMessageContaining("b.yaml:");
    }
}
