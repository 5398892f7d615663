package io.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedactorTest {

    @Test
    void namesThatLookSecretAreRecognised() {
        assertThat(List.of("password", "ssl.key.password", "ssl.keystore.password", "ssl.truststore.password",
                "SASL.JAAS.CONFIG", "clientSecret", "api_token", "basic.auth.user.info", "basic.auth.user.info.credentials",
                "apiKey", "api.key", "private-key", "ssl.key", "x-api-key", "ssl.keystore.key", "secret.access.key",
                "sasl.oauthbearer.client.secret", "pwd", "db.pwd", "passphrase", "ssl.key.passphrase", "Authorization",
                "connection.password", "userinfo"))
                .allSatisfy(name -> assertThat(Redactor.isSecretName(name)).as(name).isTrue());
        assertThat(List.of("key", "keys", "alertKey", "key.serializer", "key.converter", "ssl.keystore.location",
                "bootstrap.servers", "username", "message", "lag", "authorizer.class.name", "user", "forward"))
                .allSatisfy(name -> assertThat(Redactor.isSecretName(name)).as(name).isFalse());
    }

    @Test
    void secretValuesAreHiddenAtAnyDepthAndTheRestIsKept() {
        Map<String, Object> data = Map.of(
                "user", "warden",
                "Password", Map.of("nested", "whole value goes"),
                "clusters", List.of(Map.of("name", "prod", "sasl.jaas.config", "x")),
                "error", "bad login: password='p w' token: abc123, retrying",
                "tokens", 3,
                "key", "consumer-lag/group=billing");

        Map<String, Object> redacted = Redactor.redact(data);

        assertThat(redacted).containsEntry("user", "warden").containsEntry("Password", "[hidden]")
                .containsEntry("clusters", List.of(Map.of("name", "prod", "sasl.jaas.config", "[hidden]")))
                .containsEntry("error", "bad login: password=[hidden] token: [hidden], retrying")
                .containsEntry("tokens", 3)
                .containsEntry("key", "consumer-lag/group=billing");
        assertThat(data).containsEntry("Password", Map.of("nested", "whole value goes")); // the input is untouched
    }

    @Test
    void freeTextStaysTheSameWhenRedactedAgain() {
        String once = Redactor.text("connect failed: client.secret=abc123] api_key: \"k e y\"; token=t0k");

        assertThat(once).doesNotContain("abc123", "k e y", "t0k");
        assertThat(Redactor.text(once)).isEqualTo(once);
        assertThat(Redactor.redact(Map.of("output", once))).containsEntry("output", once);
    }

    /** Free text as it reaches the audit trail: an error message, a program's output, a client's echo of its config. */
    static Stream<Arguments> texts() {
        return Stream.of(
                // hidden
                Arguments.of("password=s3cret", "password=[hidden]"),
                Arguments.of("PASSWORD: s3cret", "PASSWORD: [hidden]"),
                Arguments.of("{\"password\":\"s3cret\"}", "{\"password\":[hidden]}"),
                Arguments.of("{\"password\" : \"s3 cret\", \"user\":\"bob\"}", "{\"password\" : [hidden], \"user\":\"bob\"}"),
                Arguments.of("{'secret': 'x y z'}", "{'secret': [hidden]}"),
                Arguments.of("got {\"db\":{\"pwd\":\"hunter22\"}}", "got {\"db\":{\"pwd\":[hidden]}}"),
                Arguments.of("GET http://alice:hunter22@connect:8083/connectors failed",
                        "GET http://alice:[hidden]@connect:8083/connectors failed"),
                Arguments.of("jdbc:postgresql://app:pa55@db.example.com:5432/x", "jdbc:postgresql://app:[hidden]@db.example.com:5432/x"),
                Arguments.of("Authorization: Bearer eyJhbGciOi.xyz", "Authorization: [hidden]"),
                Arguments.of("authorization=Basic dXNlcjpwdw==", "authorization=[hidden]"),
                Arguments.of("sent header Bearer abc123 to the hook", "sent header Bearer [hidden] to the hook"),
                Arguments.of("basic.auth.user.info=ops:s3cret", "basic.auth.user.info=[hidden]"),
                Arguments.of("schema.registry.basic.auth.user.info: ops:s3cret, url: x",
                        "schema.registry.basic.auth.user.info: [hidden], url: x"),
                Arguments.of("ssl.key.passphrase=\"open sesame\"", "ssl.key.passphrase=[hidden]"),
                Arguments.of("passphrase=abc", "passphrase=[hidden]"),
                Arguments.of("sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"warden\" password=\"p w;x\";",
                        "sasl.jaas.config=[hidden] required username=\"warden\" password=[hidden];"),
                Arguments.of("{\"sasl.jaas.config\":\"ScramLoginModule required username=\\\"u\\\" password=\\\"a b;c\\\";\"}",
                        "{\"sasl.jaas.config\":[hidden]}"),
                Arguments.of("... required username=\\\"u\\\" password=\\\"a b;c\\\";", "... required username=\\\"u\\\" password=[hidden];"),
                Arguments.of("ssl.key.password=k3y", "ssl.key.password=[hidden]"),
                Arguments.of("ssl.keystore.password = k3y", "ssl.keystore.password = [hidden]"),
                Arguments.of("aws secret.access.key=AKIA/xyz", "aws secret.access.key=[hidden]"),
                Arguments.of("sasl.oauthbearer.client.secret=abc", "sasl.oauthbearer.client.secret=[hidden]"),
                Arguments.of("pwd=hunter22", "pwd=[hidden]"),
                Arguments.of("--password hunter22 --user bob", "--password [hidden] --user bob"),
                Arguments.of("curl -H 'X-Api-Key: 12ab' http://x", "curl -H 'X-Api-Key: [hidden]' http://x"),
                Arguments.of("https://hook/?token=abc&x=1", "https://hook/?token=[hidden]&x=1"),
                Arguments.of("access_token=abc", "access_token=[hidden]"),
                Arguments.of("client_secret: 'x'", "client_secret: [hidden]"),
                Arguments.of("private.key=-----BEGIN", "private.key=[hidden]"),
                Arguments.of("credentials=ops:pw", "credentials=[hidden]"),
                // kept: Warden's ordinary evidence
                Arguments.of("key=consumer-lag/group=billing", "key=consumer-lag/group=billing"),
                Arguments.of("tokens: 3", "tokens: 3"),
                Arguments.of("secrets=2 passwords=0", "secrets=2 passwords=0"),
                Arguments.of("lag 120000 on orders-0", "lag 120000 on orders-0"),
                Arguments.of("http://connect-1:8083/connectors", "http://connect-1:8083/connectors"),
                Arguments.of("broker 2 at kafka-2:9092 did not answer", "broker 2 at kafka-2:9092 did not answer"),
                Arguments.of("bearer tokens cross the network unencrypted", "bearer tokens cross the network unencrypted"),
                Arguments.of("wrong password for user bob", "wrong password for user bob"),
                Arguments.of("key.converter=org.apache.kafka.connect.json.JsonConverter",
                        "key.converter=org.apache.kafka.connect.json.JsonConverter"),
                Arguments.of("Basic auth failed", "Basic auth failed"),
                Arguments.of("required with username (e.g. password: ${SMTP_PASSWORD})",
                        "required with username (e.g. password: ${SMTP_PASSWORD})"),
                Arguments.of("sasl.jaas.config: '${KAFKA_JAAS}' is not valid", "sasl.jaas.config: '${KAFKA_JAAS}' is not valid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void freeTextHidesSecretsAndKeepsEvidence(String text, String expected) {
        assertThat(Redactor.text(text)).isEqualTo(expected);
        assertThat(Redactor.redact(Map.of("error", text))).containsEntry("error", expected);
    }
}
