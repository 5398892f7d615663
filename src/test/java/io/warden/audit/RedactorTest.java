package io.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void namesThatLookSecretAreRecognised() {
        assertThat(List.of("password", "ssl.key.password", "SASL.JAAS.CONFIG", "clientSecret", "api_token",
                "basic.auth.user.info.credentials", "apiKey", "api.key", "private-key", "ssl.key", "x-api-key", "ssl.keystore.key"))
                .allMatch(Redactor::isSecretName);
        assertThat(List.of("key", "keys", "alertKey", "key.serializer", "ssl.keystore.location", "bootstrap.servers",
                "username", "message", "lag"))
                .noneMatch(Redactor::isSecretName);
    }

    @Test
    void secretValuesAreHiddenAtAnyDepthAndTheRestIsKept() {
        Map<String, Object> data = Map.of(
                "user", "warden",
                "Password", Map.of("nested", "whole value goes"),
                "clusters", List.of(Map.of("name", "prod", "sasl.jaas.config", "x")),
                "error", "bad login: password='p w' token: abc123, retrying");

        Map<String, Object> redacted = Redactor.redact(data);

        assertThat(redacted).containsEntry("user", "warden").containsEntry("Password", "[hidden]")
                .containsEntry("clusters", List.of(Map.of("name", "prod", "sasl.jaas.config", "[hidden]")))
                .containsEntry("error", "bad login: password=[hidden] token: [hidden], retrying");
        assertThat(data).containsEntry("Password", Map.of("nested", "whole value goes")); // the input is untouched
    }

    @Test
    void freeTextIsRedactedTheSameWayAndStaysTheSameWhenRedactedAgain() {
        String once = Redactor.text("connect failed: client.secret=abc123] api_key: \"k e y\"; token=t0k");

        assertThat(once).isEqualTo("connect failed: client.secret=[hidden]] api_key: [hidden]; token=[hidden]");
        assertThat(Redactor.text(once)).isEqualTo(once);
        assertThat(Redactor.redact(Map.of("output", once))).containsEntry("output", once);
    }
}
