package io.warden.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifiersTest {

    private static Map<String, Object> email(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "email");
        m.put("host", "smtp.example.com");
        m.put("from", "warden@example.com");
        m.put("to", List.of("oncall@example.com"));
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> webhook(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "webhook");
        m.put("url", "https://hooks.example.com/services/T0/B0/abcdefghijklmnop");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static String error(Map<String, Object> settings) {
        try {
            Notifiers.load(Map.of("oncall", settings));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + settings);
    }

    @Test
    void serviceLoaderFindsTheFourBuiltIns() {
        Map<String, NotifierProvider> providers = Notifiers.providers();

        assertThat(providers).containsOnlyKeys("email", "webhook", "log", "alertmanager");
        assertThat(providers.get("alertmanager")).isInstanceOf(AlertmanagerProvider.class);
        assertThat(providers.get("email")).isInstanceOf(EmailProvider.class);
        assertThat(providers.get("webhook")).isInstanceOf(WebhookProvider.class);
        assertThat(providers.get("log")).isInstanceOf(LogProvider.class);
    }

    @Test
    void loadBuildsEachConfiguredChannelUnderItsName() {
        Map<String, Map<String, Object>> channels = new LinkedHashMap<>();
        channels.put("oncall-email", email("port", 2525, "starttls", false, "timeout", "5s"));
        channels.put("chat", webhook("format", "slack", "headers", Map.of("Authorization", "Bearer x")));
        channels.put("journal", Map.of("type", "log"));

        List<Notifier> notifiers = Notifiers.load(channels);

        assertThat(notifiers).extracting(Notifier::name).containsExactly("oncall-email", "chat", "journal");
        assertThat(notifiers).extracting(n -> n.getClass().getSimpleName())
                .containsExactly("EmailNotifier", "WebhookNotifier", "LogNotifier");
    }

    @Test
    void invalidSettingsAreNamedWithTheBadValueAndWhatIsAllowed() {
        assertThat(error(email("port", "abc"))).isEqualTo("notifiers.oncall.port: 'abc' is not a port number (1-65535)");
        assertThat(error(email("port", 70000))).isEqualTo("notifiers.oncall.port: '70000' is not a port number (1-65535)");
        assertThat(error(email("starttls", "maybe"))).isEqualTo("notifiers.oncall.starttls: 'maybe' is not a boolean (true or false)");
        assertThat(error(email("timeout", "soon"))).startsWith("notifiers.oncall.timeout: 'soon' is not a positive duration");
        assertThat(error(email("to", List.of("oncall@example.com", "not an address"))))
                .isEqualTo("notifiers.oncall.to: 'not an address' is not an email address (name@domain)");
        assertThat(error(email("to", List.of()))).startsWith("notifiers.oncall.to: missing;");
        assertThat(error(email("to", "oncall@example.com, nope"))).isEqualTo(
                "notifiers.oncall.to: 'nope' is not an email address (name@domain)");
        assertThat(error(email("host", null))).startsWith("notifiers.oncall.host: missing;");
        assertThat(error(email("username", "warden"))).startsWith("notifiers.oncall.password: missing; required with username");
        assertThat(error(webhook("format", "xml"))).isEqualTo("notifiers.oncall.format: 'xml' is not a webhook format (json or slack)");
        assertThat(error(webhook("url", "ftp://files.example.com/x"))).isEqualTo("notifiers.oncall.url: scheme 'ftp' is not http or https");
    }

    @Test
    void aMisspeltSettingIsRejectedWithTheAllowedOnes() {
        assertThat(error(email("usrname", "warden")))
                .startsWith("notifiers.oncall.usrname: unknown setting; allowed: ")
                .contains("username", "password", "starttls", "subject-prefix");
    }

    @Test
    void unknownOrMissingTypeListsTheKnownTypes() {
        assertThat(error(Map.of("type", "pager"))).isEqualTo(
                "notifiers.oncall.type: 'pager' is not a known notifier type; known: alertmanager, email, log, webhook");
        assertThat(error(Map.of("host", "x"))).isEqualTo("notifiers.oncall.type: missing; one of alertmanager, email, log, webhook");
    }

    @Test
    void validationErrorsDoNotEchoSecrets() {
        String token = "xoxb-very-secret-token";
        String badUrl = error(webhook("url", "https://hooks.example.com/a b/" + token));
        String badHeader = error(webhook("headers", Map.of("Authorization", "Bearer " + token + "\n")));
        String passwordWithoutUser = error(email("password", token));

        assertThat(badUrl).startsWith("notifiers.oncall.url: is not a valid URL").doesNotContain(token);
        assertThat(badHeader).startsWith("notifiers.oncall.headers.Authorization:").doesNotContain(token);
        assertThat(passwordWithoutUser).startsWith("notifiers.oncall.password: is set but username is not").doesNotContain(token);
    }

    @Test
    void emailNotifierNeverPrintsItsPassword() {
        Notifier n = Notifiers.load(Map.of("oncall", email("username", "warden", "password", "pa55-w0rd-secret"))).get(0);

        assertThat(n.toString()).contains("smtp.example.com:587").doesNotContain("pa55-w0rd-secret");
    }

    @Test
    void withoutChannelsAlertsGoToTheLogAndWardenSaysSoLoudly() {
        List<Notifier> notifiers = Notifiers.load(Map.of());

        assertThat(notifiers).hasSize(1);
        assertThat(notifiers.get(0)).isInstanceOf(LogNotifier.class);
        assertThat(notifiers.get(0).name()).isEqualTo("log");
        try (LogCapture logs = new LogCapture()) {
            assertThat(Notifiers.warnIfNoneConfigured(Map.of())).isTrue();
            assertThat(Notifiers.warnIfNoneConfigured(Map.of("chat", webhook()))).isFalse();
            assertThat(logs.events()).filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(e -> e.getFormattedMessage())
                    .containsExactly("event=notifier_missing reason=\"no notifier configured: alerts go only to the log\"");
        }
    }

    @Test
    void testNotificationSaysItIsATest() {
        Notification n = Notifiers.testNotification("prod", TestAlerts.NOW);

        assertThat(Messages.subject(n, "[warden]")).startsWith("[warden] prod: 1 firing — test message from Warden");
        assertThat(Messages.body(n)).contains("Next step: nothing to do; this message was sent by 'warden notify test'");
    }
}
