package io.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
                .hasMessageContaining("watch.intervall: unknown key")
                .hasMessageContaining("did you mean 'interval'?")
                .hasMessageContaining("interval")
                .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(WardenException.CONFIG));
    }

    @Test
    void badDurationNamesTheFieldAndWhatIsAllowed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), "watch:\n  interval: often\n");
        assertThatThrownBy(() -> loader.load(file))
                .hasMessageContaining("w.yaml:2:")
                .hasMessageContaining("watch.interval: 'often' is not a duration")
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong type: number       | watch:\\n  window: 5m\\nchecks:\\n  lag:\\n    warning: lots        | 5:14 | checks.lag.warning: 'lots' is not a number
            wrong type: list         | checks:\\n  dlq:\\n    patterns: orders.dlq                      | 3:15 | checks.dlq.patterns: expected a list
            wrong type: section      | cluster: kafka1:9092                                          | 1:10 | cluster: expected a section with keys
            unknown nested key       | cluster:\\n  bootstrap-server: k:9092                         | 2:3  | cluster.bootstrap-server: unknown key (did you mean 'bootstrap-servers'?)
            missing env var          | cluster:\\n  name: prod\\n  client:\\n    sasl.jaas.config: ${NOPE_NOT_SET} | 4:23 | environment variable NOPE_NOT_SET is not set
            bad duration             | watch:\\n  timeout: 10 seconds                               | 2:12 | watch.timeout: '10 seconds' is not a duration
            zero interval            | watch:\\n  interval: 0s                                      | 2:13 | watch.interval: 'PT0S' must be longer than 0s
            zero quorum catch-up     | checks:\\n  quorum:\\n    catch-up-timeout: 0s                | 3:23 | checks.quorum.catch-up-timeout: 'PT0S' must be longer than 0s
            negative threshold       | checks:\\n  dlq:\\n    warning: -5                            | 3:14 | checks.dlq.warning: -5.0 is negative
            inverted thresholds      | checks:\\n  lag:\\n    warning: 500\\n    critical: 100        | 3:14 | checks.lag.warning: 500.0 is above the critical threshold 100.0
            fraction above one       | checks:\\n  disk:\\n    warning: 80                           | 3:14 | checks.disk.warning: 80.0 is above 1.0
            bad regex                | alerts:\\n  rules:\\n    - name: r\\n      check: 'lag('     | 4:14 | alerts.rules[0].check: 'lag(' is not a valid regular expression
            rule without name        | alerts:\\n  rules:\\n    - check: consumer-lag                 | 3:7  | alerts.rules[0]: every rule needs a name
            notifier without type    | notifiers:\\n  pager:\\n    url: http://x                       | 3:5  | notifiers.pager: needs a type
            port out of range        | http:\\n  port: 70000                                        | 2:9  | http.port: 70000 is not a port
            property without value   | cluster:\\n  client:\\n    security.protocol:                  | 3:5  | cluster.client.security.protocol: has no value
            not yaml                 | watch: [unclosed                                               | 1:17 | not valid YAML
            cluster without name     | clusters:\\n  - name: a\\n    bootstrap-servers: a:9092\\n  - bootstrap-servers: b:9092 | 4:5 | clusters[1].name: missing
            two clusters one name    | clusters:\\n  - name: a\\n    bootstrap-servers: a:9092\\n  - name: a\\n    bootstrap-servers: b:9092 | 4:11 | clusters[1].name: 'a' names two clusters
            cluster without address  | clusters:\\n  - name: a                                      | 2:5  | clusters[0].bootstrap-servers: missing
            cluster and clusters     | cluster:\\n  name: a\\nclusters:\\n  - name: b\\n    bootstrap-servers: b:9092 | 2:3 | cluster: set either cluster: (one cluster) or clusters:
            bad cluster name         | cluster:\\n  name: prod eu                                  | 2:9  | cluster.name: 'prod eu' is not a cluster name
            certificate windows inverted | checks:\\n  certificates:\\n    warning-days: 5\\n    critical-days: 7 | 3:19 | checks.certificates.warning-days: 5 is below critical-days 7
            certificate days negative | checks:\\n  certificates:\\n    warning-days: 5\\n    critical-days: -1 | 4:20 | checks.certificates.critical-days: -1 is negative
            certificate interval zero | checks:\\n  certificates:\\n    interval: 0s | 3:15 | checks.certificates.interval: 'PT0S' must be longer than 0s
            """)
    void brokenConfigsNameLineFieldAndProblem(String name, String yaml, String at, String message, @TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), yaml.replace("\\n", "\n"));

        assertThat(loader.validate(file)).as(name).singleElement().satisfies(p -> {
            assertThat(p.line() + ":" + p.column()).isEqualTo(at);
            assertThat(p.toString()).contains(message).startsWith(file + ":" + at);
        });
    }

    @Test
    void aMistakeInOneListItemLeavesTheOthersJudged(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                alerts:
                  rules:
                    - {name: a, chek: consumer-lag}
                    - {name: b, warning: 5, critical: 1}
                """);

        assertThat(loader.validate(file)).extracting(ConfigProblem::toString).containsExactly(
                file + ":3:17: alerts.rules[0].chek: unknown key (did you mean 'check'?); known keys: [name, check, match, "
                        + "warning, critical, rate-warning, rate-critical, severity, for, repeat-interval, labels, runbook]",
                file + ":4:26: alerts.rules[1].warning: 5.0 is above the critical threshold 1.0; warning must be the lower one");
    }

    @Test
    void severalClustersAreWatchedFromOneFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                clusters:
                  - name: prod-eu
                    bootstrap-servers: eu-1:9092
                    expected-brokers: [1, 2, 3]
                  - name: prod-us
                    bootstrap-servers: us-1:9092
                    client:
                      security.protocol: SSL
                """);

        var config = loader.load(file);

        assertThat(config.watched()).extracting(WardenConfig.ClusterConfig::name).containsExactly("prod-eu", "prod-us");
        assertThat(config.watched().get(1).client()).containsEntry("security.protocol", "SSL");
        assertThat(WardenConfig.defaults().watched()).singleElement()
                .satisfies(c -> assertThat(c.name()).isEqualTo("kafka"));
    }

    @Test
    void everyProblemIsReportedAtOnce(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                cluster:
                  nmae: prod
                watch:
                  interval: soon
                checks:
                  lag: {warning: x}
                  disc: {warning: 0.5}
                  dlq: {warning: 500, critical: 10}
                """);

        var problems = loader.validate(file);

        assertThat(problems).extracting(ConfigProblem::line).containsExactly(2, 4, 6, 7, 8);
        assertThat(problems.get(4).toString()).contains("checks.dlq.warning: 500.0 is above the critical threshold 10.0");
        assertThatThrownBy(() -> loader.load(file)).hasMessageStartingWith("5 problems in " + file)
                .hasMessageContaining("did you mean 'name'").hasMessageContaining("did you mean 'disk'");
    }
}
