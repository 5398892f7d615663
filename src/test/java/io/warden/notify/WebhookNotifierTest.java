package io.warden.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    private final ObjectMapper json = new ObjectMapper();

    static Notifier webhook(String url, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new WebhookProvider().create("chat", m);
    }

    @Test
    void postsWardensJsonWithTheConfiguredHeaders() throws Exception {
        try (Endpoint endpoint = Endpoint.answering(204)) {
            webhook(endpoint.url("/alerts"), "headers", Map.of("Authorization", "Bearer t0ken", "X-Team", "payments"))
                    .send(TestAlerts.notification(TestAlerts.fired(TestAlerts.lag(3)), TestAlerts.resolved(TestAlerts.dlq())));

            assertThat(endpoint.requests()).hasSize(1);
            Endpoint.Request r = endpoint.requests().get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/alerts");
            assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(r.header("Authorization")).isEqualTo("Bearer t0ken");
            assertThat(r.header("X-Team")).isEqualTo("payments");
            JsonNode body = json.readTree(r.body());
            assertThat(body.path("cluster").asText()).isEqualTo("prod");
            assertThat(body.path("events")).hasSize(2);
            JsonNode lag = body.path("events").get(0);
            assertThat(lag.path("type").asText()).isEqualTo("FIRED");
            assertThat(lag.path("key").asText()).isEqualTo("consumer-lag/group=billing");
            assertThat(lag.path("severity").asText()).isEqualTo("CRITICAL");
            assertThat(lag.path("activeSince").asText()).isEqualTo("2026-01-31T11:48:00Z");
            assertThat(lag.path("evidence").path("topPartitions").get(0).path("partition").asInt()).isZero();
            assertThat(lag.path("evidence").path("totalLag").asLong()).isEqualTo(177_000);
            assertThat(lag.path("runbook").asText()).isEqualTo(TestAlerts.LAG_RUNBOOK);
            assertThat(body.path("events").get(1).path("type").asText()).isEqualTo("RESOLVED");
        }
    }

    @Test
    void postsASlackPayloadWhenToldTo() throws Exception {
        try (Endpoint endpoint = Endpoint.answering(200)) {
            webhook(endpoint.url("/services/T0/B0/xyz"), "format", "slack")
                    .send(TestAlerts.notification(TestAlerts.fired(TestAlerts.brokerDown())));

            JsonNode body = json.readTree(endpoint.requests().get(0).body());
            assertThat(body.path("text").asText()).startsWith("prod: 1 firing (1 CRITICAL) — broker 2 is not registered");
            JsonNode event = body.path("blocks").get(1);
            assertThat(event.path("type").asText()).isEqualTo("section");
            assertThat(event.path("text").path("type").asText()).isEqualTo("mrkdwn");
            assertThat(event.path("text").path("text").asText())
                    .contains("*CRITICAL FIRING for 12m* `broker-down/broker=2`", "liveBrokers=[1, 3]",
                            "*Next step:* " + TestAlerts.BROKER_RUNBOOK);
        }
    }

    @Test
    void aNon2xxAnswerFailsWithTheStatusButNotThePathQueryOrHeaders() throws Exception {
        String token = "T0001/B0001/pathTokenAbcdef123456";
        try (Endpoint endpoint = new Endpoint((r, n) -> new Endpoint.Reply(503,
                "rejected " + r.path() + "?" + r.query() + " with " + r.header("Authorization")))) {
            Notifier n = webhook(endpoint.url("/services/" + token + "?sig=query-s3cret"),
                    "headers", Map.of("Authorization", "Bearer header-s3cret"));

            assertThatThrownBy(() -> n.send(TestAlerts.notification(TestAlerts.fired(TestAlerts.brokerDown()))))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageStartingWith("POST " + endpoint.url("") + " answered HTTP 503: rejected ")
                    .hasMessageNotContaining("pathTokenAbcdef123456")
                    .hasMessageNotContaining("query-s3cret")
                    .hasMessageNotContaining("header-s3cret");
            assertThat(endpoint.requests().get(0).header("Authorization")).isEqualTo("Bearer header-s3cret");
        }
    }

    @Test
    void anEndpointThatNeverAnswersTimesOut() throws Exception {
        // A listening socket that never accepts: the connection completes, the answer never comes.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Notifier n = webhook("http://127.0.0.1:" + silent.getLocalPort() + "/hook?token=abc-s3cret", "timeout", "300ms");

            assertThatThrownBy(() -> n.send(TestAlerts.notification(TestAlerts.fired(TestAlerts.brokerDown()))))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("HttpTimeoutException")
                    .hasMessageNotContaining("abc-s3cret");
        }
    }
}
