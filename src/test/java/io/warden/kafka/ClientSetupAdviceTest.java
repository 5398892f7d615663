package io.warden.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.WardenException;
import java.time.Duration;
import java.util.Map;
import javax.security.auth.login.LoginException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ClientSetupAdviceTest {

    private static final ConnectionSettings SCRAM = new ConnectionSettings("kafka1:9093",
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"), Duration.ofSeconds(5));

    private static KafkaException creating(Throwable cause) {
        return new KafkaException("Failed to create new KafkaAdminClient", new KafkaException("Failed to create new NetworkClient", cause));
    }

    @Test
    void anUnresolvableBootstrapServerIsNotASecurityProblem() {
        assertThat(ClientSetupAdvice.explain(creating(new ConfigException("No resolvable bootstrap urls given in bootstrap.servers")),
                SCRAM)).isNull();
    }

    @Test
    void aJaasLineKafkaCannotParseIsABadConfigNamingTheModuleToUse() {
        WardenException e = ClientSetupAdvice.explain(creating(new IllegalArgumentException(
                "JAAS config entry not terminated by semi-colon")), SCRAM);

        assertThat(e.exitCode()).isEqualTo(78);
        assertThat(e.getMessage()).isEqualTo("sasl.jaas.config cannot be read: JAAS config entry not terminated by semi-colon, "
                + "a JAAS line such as 'org.apache.kafka.common.security.scram.ScramLoginModule required username=\"...\" "
                + "password=\"...\";'");
    }

    @Test
    void aFailedLoginIsOneLineWithoutKafkasWrappersAndStackTrace() {
        WardenException e = ClientSetupAdvice.explain(creating(new KafkaException(new LoginException(
                "org.apache.kafka.common.KafkaException: java.net.ConnectException: Connection refused\n"
                        + "Caused by: java.net.ConnectException: Connection refused\n\tat java.base/sun.nio.ch.Net.connect0(Native Method)"))),
                SCRAM);

        assertThat(e.exitCode()).isEqualTo(69);
        assertThat(e.getMessage()).isEqualTo("login for mechanism SCRAM-SHA-512 failed before connecting to kafka1:9093: "
                + "Connection refused (check sasl.jaas.config; --verbose logs Kafka's reason)").doesNotContain("\n");
    }
}
