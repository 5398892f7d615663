package io.warden.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailNotifierTest {

    static final String PASSWORD = "mail-s3cret-pw";

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("warden@example.com", "warden", PASSWORD));

    /** GreenMail speaks no STARTTLS, so these tests turn it off; the default (required) is tested below. */
    static Map<String, Object> settings(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", mail.getSmtp().getPort());
        m.put("starttls", false);
        m.put("username", "warden");
        m.put("password", PASSWORD);
        m.put("from", "warden@example.com");
        m.put("to", List.of("oncall@example.com"));
        m.put("timeout", "5s");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static Notifier email(Object... keyValues) {
        return new EmailProvider().create("oncall-email", settings(keyValues));
    }

    @Test
    void aLagAlertArrivesAsExactlyOneEmailWithWhatWhereSinceEvidenceAndNextStep() throws Exception {
        try (Dispatcher dispatcher = new Dispatcher(List.of(email()), Clock.systemUTC()).start()) {
            dispatcher.dispatch(TestAlerts.notification(TestAlerts.fired(TestAlerts.lag(12))));
            await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.counts().get("oncall-email").sent() == 1);
        }

        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("[warden] prod: 1 firing (1 CRITICAL) — "
                + "group billing is 654000 messages (14m) behind on orders; growing; status STALL");
        assertThat(m.getFrom()[0].toString()).isEqualTo("warden@example.com");
        assertThat(m.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("oncall@example.com");
        assertThat(m.getSentDate().toInstant()).isEqualTo(TestAlerts.NOW);
        assertThat((String) m.getContent())
                .contains("CRITICAL FIRING for 12m — consumer-lag/group=billing")
                .contains("active since 2026-01-31T11:48:00Z (12m)")
                .contains("topPartitions (12):", "- topic=orders partition=0 lag=60000 lagSeconds=840", "and 7 more")
                .contains("Next step: " + TestAlerts.LAG_RUNBOOK);
    }

    @Test
    void twoHundredProblemsAreOneEmailPerRecipient() throws Exception {
        Notifier n = email("to", List.of("oncall@example.com", "kafka-team@example.com"), "subject-prefix", "[kafka]");

        n.send(TestAlerts.manyUnderReplicated(200));

        assertThat(mail.waitForIncomingEmail(5_000, 2)).isTrue();
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received).extracting(m -> m.getRecipients(Message.RecipientType.TO).length).containsOnly(2);
        assertThat(received[0].getSubject()).startsWith("[kafka] prod: 200 firing — orders-");
        assertThat((String) received[0].getContent()).contains("and 150 more events");
    }

    @Test
    void aWrongPasswordFailsWithoutTheServerOrLogsSeeingItInMessages() {
        Notifier n = email("password", "wrong-pa55word");

        assertThatThrownBy(() -> n.send(TestAlerts.notification(TestAlerts.fired(TestAlerts.brokerDown()))))
                .isInstanceOf(DeliveryException.class)
                .hasMessageStartingWith("SMTP 127.0.0.1:" + mail.getSmtp().getPort() + ": AuthenticationFailedException")
                .hasMessageNotContaining("wrong-pa55word")
                .hasNoCause();
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsIsRequiredByDefaultSoCredentialsNeverCrossInClear() {
        Map<String, Object> s = settings();
        s.remove("starttls");
        Notifier n = new EmailProvider().create("oncall-email", s);

        assertThatThrownBy(() -> n.send(TestAlerts.notification(TestAlerts.fired(TestAlerts.brokerDown()))))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("STARTTLS")
                .hasMessageNotContaining(PASSWORD);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void withoutUsernameItSendsWithoutAuthentication() throws Exception {
        Map<String, Object> s = settings();
        s.remove("username");
        s.remove("password");

        new EmailProvider().create("relay", s).send(TestAlerts.notification(TestAlerts.resolved(TestAlerts.dlq())));

        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(mail.getReceivedMessages()[0].getSubject()).startsWith("[warden] prod: 1 resolved — RESOLVED: DLQ orders.dlq");
    }
}
