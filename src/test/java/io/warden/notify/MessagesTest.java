package io.warden.notify;

import static io.warden.notify.TestAlerts.brokerDown;
import static io.warden.notify.TestAlerts.dlq;
import static io.warden.notify.TestAlerts.fired;
import static io.warden.notify.TestAlerts.lag;
import static io.warden.notify.TestAlerts.notification;
import static io.warden.notify.TestAlerts.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void subjectCountsFiringAndResolvedAndLeadsWithTheWorstProblem() {
        Notification n = notification(fired(dlq()), resolved(lag(3)), fired(brokerDown()));

        assertThat(Messages.subject(n, "[warden]")).isEqualTo("[warden] prod: 2 firing (1 CRITICAL), 1 resolved — "
                + "broker 2 is not registered with the controller; it holds replicas of 40 partitions");
    }

    @Test
    void bodySaysWhatWhereSinceWhenTheEvidenceAndTheNextStep() {
        String body = Messages.body(notification(fired(lag(20))));

        assertThat(body)
                .contains("1. CRITICAL FIRING for 12m — consumer-lag/group=billing")
                .contains("What:      group billing is 1010000 messages (14m) behind on orders")
                .contains("active since 2026-01-31T11:48:00Z (12m), firing since 2026-01-31T11:50:00Z (10m)")
                .contains("labels: group=billing team=payments")
                .contains("members=3, status=STALL, totalLag=1010000, trendPerMinute=1250.50")
                .contains("topPartitions (20):")
                .contains("- topic=orders partition=0 lag=60000 lagSeconds=840")
                .contains("- topic=orders partition=4 lag=56000")
                .doesNotContain("partition=5 ")
                .contains("and 15 more")
                .contains("Next step: " + TestAlerts.LAG_RUNBOOK);
    }

    @Test
    void resolvedEventsSayAfterHowLong() {
        String body = Messages.body(notification(resolved(lag(1))));

        assertThat(body).contains("CRITICAL RESOLVED after 14m — consumer-lag/group=billing")
                .contains("resolved at 2026-01-31T12:02:00Z");
        assertThat(Messages.subject(n(resolved(lag(1))), "[warden]"))
                .startsWith("[warden] prod: 1 resolved — RESOLVED: group billing");
    }

    @Test
    void twoHundredEventsStayOneMessageThatListsTheWorstFifty() {
        Notification n = TestAlerts.manyUnderReplicated(199);
        n = new Notification("prod", n.at(), concat(n.events(), fired(brokerDown())));

        String body = Messages.body(n);

        assertThat(Messages.subject(n, "[warden]")).startsWith("[warden] prod: 200 firing (1 CRITICAL) — broker 2");
        assertThat(Pattern.compile("(?m)^\\d+\\. ").matcher(body).results().count()).isEqualTo(50);
        assertThat(body).startsWith("Cluster prod").contains("1. CRITICAL FIRING").contains("and 150 more events");
    }

    @Test
    void jsonCarriesEveryFieldOfEveryEvent() throws Exception {
        JsonNode root = json.readTree(Messages.json(notification(fired(lag(2)), resolved(dlq()))));

        assertThat(root.path("cluster").asText()).isEqualTo("prod");
        assertThat(root.path("at").asText()).isEqualTo("2026-01-31T12:00:00Z");
        assertThat(root.path("events")).hasSize(2);
        JsonNode lag = root.path("events").get(0);
        assertThat(lag.path("type").asText()).isEqualTo("FIRED");
        assertThat(lag.path("key").asText()).isEqualTo("consumer-lag/group=billing");
        assertThat(lag.path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(lag.path("rule").asText()).isEqualTo("consumer-lag");
        assertThat(lag.path("message").asText()).startsWith("group billing is 119000 messages");
        assertThat(lag.path("activeSince").asText()).isEqualTo("2026-01-31T11:48:00Z");
        assertThat(lag.path("firingSince").asText()).isEqualTo("2026-01-31T11:50:00Z");
        assertThat(lag.path("labels").path("team").asText()).isEqualTo("payments");
        assertThat(lag.path("evidence").path("topPartitions").get(1).path("lag").asLong()).isEqualTo(59_000);
        assertThat(lag.path("runbook").asText()).isEqualTo(TestAlerts.LAG_RUNBOOK);
        assertThat(root.path("events").get(1).path("type").asText()).isEqualTo("RESOLVED");
    }

    @Test
    void slackPayloadHasTextAndOneMrkdwnSectionPerEventWithinSlackLimits() throws Exception {
        Finding f = new Finding("k", "c", Severity.WARNING, 1, "topic <a&b> is odd", Map.of(), Map.of());
        Alert odd = new Alert("k", "r", Severity.WARNING, "prod", TestAlerts.NOW, TestAlerts.NOW, f, Map.of(), "look");
        JsonNode small = json.readTree(Messages.slack(notification(fired(brokerDown()), fired(odd))));

        assertThat(small.path("text").asText()).startsWith("prod: 2 firing (1 CRITICAL) — broker 2");
        assertThat(small.path("blocks")).hasSize(3);
        JsonNode first = small.path("blocks").get(1);
        assertThat(first.path("type").asText()).isEqualTo("section");
        assertThat(first.path("text").path("type").asText()).isEqualTo("mrkdwn");
        assertThat(first.path("text").path("text").asText()).contains("*CRITICAL FIRING for 12m*")
                .contains("broker 2 is not registered").contains("*Next step:* " + TestAlerts.BROKER_RUNBOOK);
        assertThat(small.path("blocks").get(2).path("text").path("text").asText()).contains("topic &lt;a&amp;b&gt; is odd");

        JsonNode big = json.readTree(Messages.slack(TestAlerts.manyUnderReplicated(200)));
        assertThat(big.path("blocks").size()).isLessThanOrEqualTo(50);
        assertThat(big.path("blocks").get(big.path("blocks").size() - 1).path("text").path("text").asText())
                .contains("and 155 more events");
    }

    @Test
    void ageUsesTwoUnits() {
        assertThat(EventText.age(TestAlerts.NOW, TestAlerts.NOW.plusSeconds(45))).isEqualTo("45s");
        assertThat(EventText.age(TestAlerts.NOW, TestAlerts.NOW.plusSeconds(12 * 60))).isEqualTo("12m");
        assertThat(EventText.age(TestAlerts.NOW, TestAlerts.NOW.plusSeconds(3_900))).isEqualTo("1h 5m");
        assertThat(EventText.age(TestAlerts.NOW, TestAlerts.NOW.plusSeconds(2 * 86_400 + 3 * 3_600))).isEqualTo("2d 3h");
    }

    private static Notification n(AlertEvent... events) {
        return notification(events);
    }

    private static List<AlertEvent> concat(List<AlertEvent> a, AlertEvent b) {
        List<AlertEvent> out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }
}
