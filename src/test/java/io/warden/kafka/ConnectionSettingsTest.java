package io.warden.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {

    @Test
    void oauthbearerSecretsAreHiddenAndTheirNeighboursShown() {
        var settings = new ConnectionSettings("kafka1:9093", Map.of(
                "sasl.mechanism", "OAUTHBEARER",
                "sasl.oauthbearer.token.endpoint.url", "https://idp.example.com/token",
                "sasl.oauthbearer.client.credentials.client.secret", "s3cret-client",
                "sasl.oauthbearer.assertion.private.key.passphrase", "s3cret-passphrase",
                "sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientSecret=\"s3cret-jaas\";"),
                Duration.ofSeconds(5));

        assertThat(settings.toString()).doesNotContain("s3cret").contains("OAUTHBEARER", "https://idp.example.com/token");
        assertThat(settings.redacted()).containsEntry("sasl.oauthbearer.assertion.private.key.passphrase", "[hidden]");
    }
}
