package io.warden.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertmanagerPayloadTest {

    private static final Optional<URI> CONSOLE = Optional.of(URI.create("https://warden.example.com/"));
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode alerts(Notification n, Optional<URI> console) throws Exception {
        return json.readTree(AlertmanagerPayload.json(n, console));
    }

    @Test
    void aFiringAlertCarriesItsIdentityAsLabelsAndWhatChangesAsAnnotations() throws Exception {
        JsonNode a = alerts(TestAlerts.notification(TestAlerts.fired(TestAlerts.lag(3))), CONSOLE).get(0);

        assertThat(json.convertValue(a.path("labels"), new TypeReference<Map<String, String>>() { })).isEqualTo(Map.of(
                "alertname", "consumer-lag", "cluster", "prod", "severity", "critical", "key", "consumer-lag/group=billing",
                "source", "warden", "group", "billing", "team", "payments"));
        JsonNode notes = a.path("annotations");
        assertThat(notes.path("summary").asText()).isEqualTo("group billing is 177000 messages (14m) behind on orders; growing; status STALL");
        assertThat(notes.path("description").asText()).contains("firing since 2026-01-31T11:50:00Z", "topPartitions (3):",
                "  - topic=orders partition=0 lag=60000");
        assertThat(notes.path("evidence").asText()).contains("totalLag=177000", "status=STALL");
        assertThat(notes.path("runbook").asText()).isEqualTo(TestAlerts.LAG_RUNBOOK);
        assertThat(notes.path("value").asText()).isEqualTo("177000");
        assertThat(a.path("startsAt").asText()).isEqualTo("2026-01-31T11:50:00Z");
        assertThat(a.has("endsAt")).as("firing: Alertmanager keeps it for its resolve_timeout").isFalse();
        assertThat(a.path("generatorURL").asText()).isEqualTo("https://warden.example.com/#/alerts?cluster=prod&key=consumer-lag%2Fgroup%3Dbilling");
    }

    @Test
    void aResolvedAlertEndsWhenWardenSawItResolveWithTheSameLabels() throws Exception {
        JsonNode both = alerts(TestAlerts.notification(TestAlerts.fired(TestAlerts.brokerDown()), TestAlerts.resolved(TestAlerts.dlq())),
                Optional.empty());

        JsonNode resolved = both.get(1);
        assertThat(resolved.path("labels").path("alertname").asText()).isEqualTo("dlq-depth");
        assertThat(resolved.path("labels").path("severity").asText()).isEqualTo("warning");
        assertThat(resolved.path("endsAt").asText()).isEqualTo("2026-01-31T12:02:00Z");
        assertThat(both.get(0).has("endsAt")).isFalse();
        assertThat(both.get(0).has("generatorURL")).as("no console-url: no link").isFalse();
    }

    @Test
    void remindersAndHealingAreStillFiringAndSilencedEventsAreNotSent() throws Exception {
        Alert lag = TestAlerts.lag(1);
        JsonNode all = alerts(TestAlerts.notification(new AlertEvent(AlertEvent.Type.REMINDER, lag, TestAlerts.NOW),
                new AlertEvent(AlertEvent.Type.HEALING, TestAlerts.brokerDown(), TestAlerts.NOW, "restarting broker 2\n"),
                new AlertEvent(AlertEvent.Type.SILENCED, TestAlerts.dlq(), TestAlerts.NOW)), Optional.empty());

        assertThat(all).hasSize(2);
        assertThat(all).allSatisfy(a -> assertThat(a.has("endsAt")).isFalse());
        assertThat(all.findValuesAsText("healing")).containsExactly("restarting broker 2");
    }

    @Test
    void aHostileGroupNameIsAVerbatimLabelValueAndCannotAddLabels() throws Exception {
        String hostile = "evil\"}, {\"labels\": {\"alertname\": \"x\"}}\n{severity=\"none\"} \\ ${ENV} <b>";
        Finding f = new Finding("consumer-lag/group=" + hostile, "consumer-lag", Severity.WARNING, 5, "group " + hostile + " is behind",
                Map.of("group", hostile), Map.of("group", hostile));
        Alert alert = new Alert(f.key(), "lag", Severity.WARNING, "prod", TestAlerts.NOW, TestAlerts.NOW, f,
                Map.of("group", hostile, "team-name", "payments", "2fa", "on", "severity", "none", "blank", ""), null);

        JsonNode all = alerts(TestAlerts.notification(TestAlerts.fired(alert)), CONSOLE);

        assertThat(all).hasSize(1);
        JsonNode labels = all.get(0).path("labels");
        assertThat(labels.path("group").asText()).isEqualTo(hostile);
        assertThat(labels.path("key").asText()).isEqualTo("consumer-lag/group=" + hostile);
        assertThat(labels.path("alertname").asText()).isEqualTo("lag");
        assertThat(labels.path("severity").asText()).as("Warden's own labels win").isEqualTo("warning");
        assertThat(labels.path("team_name").asText()).isEqualTo("payments");
        assertThat(labels.path("_2fa").asText()).isEqualTo("on");
        assertThat(labels.has("blank")).as("an empty value is no label to Alertmanager").isFalse();
        labels.fieldNames().forEachRemaining(name -> assertThat(name).matches("[a-zA-Z_][a-zA-Z0-9_]*"));
        assertThat(all.get(0).path("annotations").path("summary").asText()).isEqualTo("group " + hostile + " is behind");
        assertThat(all.get(0).path("annotations").has("runbook")).isFalse();
        assertThat(URI.create(all.get(0).path("generatorURL").asText()).getHost()).isEqualTo("warden.example.com");
    }

    @Test
    void valuesAreValidUtf8AndBounded() {
        assertThat(AlertmanagerPayload.value("ok \uD83D\uDE00 lone \uD800 end", 100)).isEqualTo("ok \uD83D\uDE00 lone \uFFFD end");
        String huge = "g".repeat(5_000);
        String cut = AlertmanagerPayload.value(huge, AlertmanagerPayload.MAX_LABEL_CHARS);
        assertThat(cut).hasSize(AlertmanagerPayload.MAX_LABEL_CHARS).endsWith("…");
        assertThat(AlertmanagerPayload.value("ab\uD83D\uDE00", 3)).isEqualTo("ab…");
        assertThat(AlertmanagerPayload.value(null, 10)).isEmpty();
    }
}
