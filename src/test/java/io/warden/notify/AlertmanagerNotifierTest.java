package io.warden.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerNotifierTest {

    private final ObjectMapper json = new ObjectMapper();

    static Notifier alertmanager(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new AlertmanagerProvider().create("am", m);
    }

    @Test
    void postsTheAlertsToEachAlertmanagerOfAnHaPairWithBasicAuth() throws Exception {
        try (Endpoint a = Endpoint.answering(200); Endpoint b = Endpoint.answering(200)) {
            Notifier n = alertmanager("urls", List.of(a.url("/prefix/"), b.url("")), "username", "warden", "password", "am-s3cret-pw");
            n.send(TestAlerts.notification(TestAlerts.fired(TestAlerts.brokerDown())));

            for (Endpoint e : List.of(a, b)) {
                assertThat(e.requests()).singleElement().satisfies(r -> {
                    assertThat(r.method()).isEqualTo("POST");
                    assertThat(r.header("Authorization")).isEqualTo("Basic "
                            + java.util.Base64.getEncoder().encodeToString("warden:am-s3cret-pw".getBytes()));
                    assertThat(json.readTree(r.body()).get(0).path("labels").path("alertname").asText()).isEqualTo("broker-down");
                });
            }
            assertThat(a.requests().get(0).path()).isEqualTo("/prefix/api/v2/alerts");
            assertThat(b.requests().get(0).path()).isEqualTo("/api/v2/alerts");
            assertThat(n.resendInterval()).contains(Duration.ofMinutes(1));
        }
    }

    @Test
    void oneAlertmanagerDownIsNoFailureBothDownIsWithoutTheToken() throws Exception {
        try (Endpoint up = Endpoint.answering(200); Endpoint down = new Endpoint((r, i) -> new Endpoint.Reply(401,
                "bad token " + r.header("Authorization")))) {
            alertmanager("urls", List.of(down.url(""), up.url("")), "bearer-token", "am-t0ken-s3cret", "resend-interval", "30s")
                    .send(TestAlerts.notification(TestAlerts.fired(TestAlerts.brokerDown())));
            assertThat(up.requests()).hasSize(1);
            assertThat(down.requests().get(0).header("Authorization")).isEqualTo("Bearer am-t0ken-s3cret");

            Notifier both = alertmanager("urls", List.of(down.url(""), down.url("/b")), "bearer-token", "am-t0ken-s3cret");
            assertThatThrownBy(() -> both.send(TestAlerts.notification(TestAlerts.fired(TestAlerts.brokerDown()))))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("answered HTTP 401")
                    .hasMessageNotContaining("am-t0ken-s3cret");
        }
    }

    @Test
    void badSettingsNameTheSettingAndNeverShowASecret() {
        assertThatThrownBy(() -> alertmanager()).hasMessageStartingWith("notifiers.am.url: missing;");
        assertThatThrownBy(() -> alertmanager("url", "ftp://am:9093")).hasMessage("notifiers.am.url: scheme 'ftp' is not http or https");
        assertThatThrownBy(() -> alertmanager("urls", List.of("http://am:9093", "http://u:pa55word@am2:9093")))
                .hasMessageStartingWith("notifiers.am.urls[1]: holds a user name or password;").hasMessageNotContaining("pa55word");
        assertThatThrownBy(() -> alertmanager("url", "http://am:9093", "urls", List.of("http://am2:9093")))
                .hasMessageStartingWith("notifiers.am.urls: and url are both set");
        assertThatThrownBy(() -> alertmanager("url", "http://am:9093", "password", "pw-s3cret"))
                .hasMessageStartingWith("notifiers.am.password: is set but username is not").hasMessageNotContaining("pw-s3cret");
        assertThatThrownBy(() -> alertmanager("url", "http://am:9093", "username", "w", "password", "pw-s3cret",
                "bearer-token", "t0ken-s3cret")).hasMessageStartingWith("notifiers.am.bearer-token: and username are both set")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> alertmanager("url", "http://am:9093", "bearer-token", "t0ken\ns3cret"))
                .hasMessageStartingWith("notifiers.am.bearer-token: holds a control character").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> alertmanager("url", "http://am:9093", "resend-interval", "0s"))
                .hasMessageStartingWith("notifiers.am.resend-interval: '0s' is not a positive duration");
        assertThatThrownBy(() -> alertmanager("url", "http://am:9093", "console", "http://w"))
                .hasMessageStartingWith("notifiers.am.console: unknown setting; allowed: ")
                .hasMessageContaining("console-url");
    }
}
