package io.warden.comply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenersTest {

    @Test
    void advertisedListenersWithTheirProtocolsBindAddressesAndPerListenerSettings() {
        Map<String, String> config = Map.of(
                "listeners", "INTERNAL://0.0.0.0:9092,EXTERNAL://:9093,LOCAL://127.0.0.1:9094,CONTROLLER://:9095",
                "advertised.listeners", "INTERNAL://kafka-1.internal:9092,EXTERNAL://kafka-1.example.com:9093,LOCAL://localhost:9094",
                "listener.security.protocol.map", "INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_SSL,LOCAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names", "controller",
                "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "listener.name.internal.sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512",
                "ssl.client.auth", "required");

        List<Listener> listeners = Listeners.of(3, config, host -> host.equals("127.0.0.1"));

        assertThat(listeners).containsExactly(
                new Listener(3, "INTERNAL", "SASL_PLAINTEXT", "kafka-1.internal", 9092, false, List.of("PLAIN", "SCRAM-SHA-512"), null),
                new Listener(3, "EXTERNAL", "SASL_SSL", "kafka-1.example.com", 9093, false, List.of("SCRAM-SHA-512"), "required"),
                new Listener(3, "LOCAL", "PLAINTEXT", "localhost", 9094, true, List.of(), null));
        assertThat(listeners.get(1).authenticates()).isTrue();
        assertThat(listeners.get(2).authenticates()).isFalse();
    }

    @Test
    void withoutAdvertisedListenersTheBoundOnesAndKafkasDefaultProtocolMap() {
        List<Listener> listeners = Listeners.of(1, Map.of("listeners", "SSL://[::1]:9093"), host -> true);
        assertThat(listeners).containsExactly(new Listener(1, "SSL", "SSL", "::1", 9093, true, List.of(), "none"));
        assertThat(listeners.get(0).address()).isEqualTo("[::1]:9093");
        assertThat(listeners.get(0).authenticates()).isFalse();
    }

    @Test
    void aSettingTheBrokerHidesCountsAsUnset() {
        List<Listener> listeners = Listeners.of(1, Map.of("listeners", "SASL_SSL://:9093",
                "listener.name.sasl_ssl.sasl.enabled.mechanisms", SecurityReading.HIDDEN, "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "listener.name.sasl_ssl.ssl.client.auth", SecurityReading.HIDDEN), host -> false);
        assertThat(listeners).containsExactly(new Listener(1, "SASL_SSL", "SASL_SSL", "", 9093, false, List.of("SCRAM-SHA-512"), "none"));
    }

    @Test
    void anEmptyHostAndAnEphemeralPortAreTakenFromTheClustersAddressForTheBroker() {
        var node = new org.apache.kafka.common.Node(1, "kafka-1.example.com", 40001);
        List<Listener> listeners = Listeners.withClusterAddress(Listeners.of(1, Map.of("listeners", "SASL_SSL://:0,SSL://:0",
                "advertised.listeners", "SASL_SSL://:0,SSL://:0"), host -> false), node, "sasl_ssl");
        assertThat(listeners).extracting(Listener::address).containsExactly("kafka-1.example.com:40001", "kafka-1.example.com:0");
    }

    @Test
    void theBootstrapFallbackTakesTheClientsProtocol() {
        assertThat(Listeners.fromBootstrap("a:9092, b:9093", Map.of("security.protocol", "sasl_ssl", "sasl.mechanism", "PLAIN"),
                h -> false)).containsExactly(
                new Listener(-1, "SASL_SSL", "SASL_SSL", "a", 9092, false, List.of("PLAIN"), null),
                new Listener(-1, "SASL_SSL", "SASL_SSL", "b", 9093, false, List.of("PLAIN"), null));
    }
}
