package io.warden.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ${VAR} is replaced inside the values YAML has already read, so a secret is taken exactly as the
 * environment holds it, whatever YAML would make of it, and no message ever shows it.
 */
class EnvSubstitutionTest {

    @TempDir
    Path dir;

    /** Passwords as operators have them: each would be YAML syntax if pasted into the file. */
    static Stream<String> hostile() {
        return Stream.of("*s3cret-alias", "{s3cret", "&s3cret-anchor", "!s3cret-tag", "[s3cret", "|s3cret", ">s3cret",
                "%s3cret", "@s3cret", "`s3cret", "#s3cret", "s3c: ret-colon", "s3cret #hash", "s3cret\nsecond-line",
                "s3cret\n  indented: line", "'s3cret", "\"s3cret", "s3cret\\", "- s3cret-dash", "? s3cret", "s3cret, ]}",
                " s3cret-padded ", "s3cr${ET}", "---\ns3cret", "s3cret\ttab");
    }

    /** ... and values YAML would turn into something else than the text. */
    static Stream<String> hostileAndPlain() {
        return Stream.concat(hostile(), Stream.of("null", "~", "", "true", "off", "0x1F", "1_000", "12:30:00", "1e3", ".nan"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("hostileAndPlain")
    void aHostileValueIsTakenExactly(String secret) throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of("PW", secret, "USER", "warden")::get);
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                cluster:
                  client:
                    sasl.jaas.config: ${PW}
                    ssl.key.password: '${PW}'
                    ssl.keystore.password: "${PW}"
                    ssl.truststore.password: user=${USER} password="${PW}";   # a comment with ${NOT_SET}
                  connect:
                    urls: [http://connect:8083]
                    username: ${USER}
                    password: ${PW}
                # commented out: ${NOT_SET_EITHER}
                notifiers:
                  mail: {type: email, host: smtp, username: '${USER}', password: "${PW}", from: w@x.com, to: [o@x.com]}
                """);

        WardenConfig config = loader.load(file);

        assertThat(config.cluster().client()).containsEntry("sasl.jaas.config", secret)
                .containsEntry("ssl.key.password", secret).containsEntry("ssl.keystore.password", secret)
                .containsEntry("ssl.truststore.password", "user=warden password=\"" + secret + "\";");
        assertThat(config.cluster().connect().password()).isEqualTo(secret);
        assertThat(config.notifiers().get("mail")).containsEntry("password", secret);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("hostile")
    void noProblemShowsAHostileValue(String secret) throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of("PW", secret)::get);
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                cluster:
                  name: ${PW}
                  client:
                    sasl.jaas.config: ${PW}
                watch:
                  interval: ${PW}
                http:
                  port: ${PW}
                heal:
                  mode: ${PW}
                alerts:
                  rules:
                    - name: r
                      check: '(${PW}'
                """);

        var problems = loader.validate(file);

        assertThat(problems).extracting(ConfigProblem::field)
                .contains("cluster.name", "watch.interval", "http.port", "heal.mode", "alerts.rules[0].check");
        assertThat(problems).allSatisfy(p -> assertThat(p.line()).isPositive());
        assertThat(problems).allSatisfy(p -> assertThat(p.toString()).doesNotContain(secret.strip()).contains("${PW}"));
        assertThatThrownBy(() -> loader.load(file)).satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret.strip()));
    }

    @Test
    void aDefaultIsUsedWhenTheVariableIsUnsetAndAnUnsetOneIsNamedAtItsValue() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                cluster:
                  name: ${CLUSTER:-prod}
                  bootstrap-servers: ${BOOTSTRAP:-kafka-1:9092,kafka-2:9092}
                  client:
                    sasl.jaas.config: 'x password="${UNSET_PW}"'
                """);

        assertThat(loader.validate(file)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.field()).isEqualTo("cluster.client.sasl.jaas.config");
            assertThat(p.message()).contains("environment variable UNSET_PW is not set");
        });
        Path good = Files.writeString(dir.resolve("g.yaml"), "cluster:\n  name: ${CLUSTER:-prod}\n"
                + "  bootstrap-servers: ${BOOTSTRAP:-kafka-1:9092,kafka-2:9092}\n");
        assertThat(loader.load(good).cluster().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(loader.load(good).cluster().name()).isEqualTo("prod");
    }

    @Test
    void aSubstitutedNumberFillsANumberField() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of("PORT", "9400", "WARN", "0.7")::get);
        Path file = Files.writeString(dir.resolve("w.yaml"), "http:\n  port: ${PORT}\nchecks:\n  disk: {warning: '${WARN}'}\n");

        WardenConfig config = loader.load(file);

        assertThat(config.http().port()).isEqualTo(9400);
        assertThat(config.checks().disk().warning()).isEqualTo(0.7);
    }

    @Test
    void anUnquotedReferenceInsideBracesIsToldToBeQuoted() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of("WARN", "0.7")::get);
        Path file = Files.writeString(dir.resolve("w.yaml"), "checks:\n  disk: {warning: ${WARN}}\n");

        assertThat(loader.validate(file)).singleElement().satisfies(p -> assertThat(p.toString())
                .startsWith(file + ":2:").contains("not valid YAML", "write a ${VAR} in quotes: '${VAR}'"));
    }
}
