package io.warden.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.alert.AlertEvent.Type;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AlerterTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final List<Silence> silences = new ArrayList<>();

    static Finding lag(String group, double value, Severity severity) {
        return new Finding("consumer-lag/group=" + group, "consumer-lag", severity, value,
                "group " + group + " is " + (long) value + " messages behind", Map.of("group", group), Map.of("totalLag", value));
    }

    static AlertRule rule(String name, String check, Duration forDuration, Duration repeat) {
        return new AlertRule(name, Pattern.compile(check), Map.of(), null, null, null, null, null, forDuration, repeat,
                Map.of("team", "payments"), "scale the consumers");
    }

    Alerter alerter(AlertRule... rules) {
        return new Alerter("prod", List.of(rules), () -> silences);
    }

    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static List<Type> types(List<AlertEvent> events) {
        return events.stream().map(AlertEvent::type).toList();
    }

    @Test
    void aRuleMatchingOnClusterGradesOnlyThatClustersFindings() {
        AlertRule strict = new AlertRule("staging lag", Pattern.compile("consumer-lag"), Map.of("cluster", Pattern.compile("staging-.*")),
                1_000_000.0, null, null, null, null, Duration.ZERO, Duration.ofHours(1), Map.of(), "");
        AlertRule any = rule("lag", "consumer-lag", Duration.ZERO, Duration.ofHours(1));
        Finding f = lag("billing", 20_000, Severity.WARNING);

        var staging = new Alerter("staging-eu", List.of(strict, any), () -> silences);
        var prod = new Alerter("prod-eu", List.of(strict, any), () -> silences);

        assertThat(staging.evaluate(List.of(f), at(0))).as("below the staging threshold").isEmpty();
        assertThat(prod.evaluate(List.of(f), at(0))).singleElement().satisfies(e -> {
            assertThat(e.alert().rule()).isEqualTo("lag");
            assertThat(e.alert().cluster()).isEqualTo("prod-eu");
        });
    }

    @Test
    void aFindingThatPersistsFiresOnceAfterItsForDurationThenRemindsThenResolves() {
        Alerter alerter = alerter(rule("lag", "consumer-lag", Duration.ofMinutes(2), Duration.ofMinutes(30)));
        Finding f = lag("billing", 20_000, Severity.WARNING);

        assertThat(alerter.evaluate(List.of(f), at(0))).as("pending").isEmpty();
        assertThat(alerter.active()).singleElement().satisfies(a -> assertThat(a.firingSince()).isNull());
        assertThat(alerter.evaluate(List.of(f), at(1))).isEmpty();
        List<AlertEvent> fired = alerter.evaluate(List.of(f), at(2));
        assertThat(types(fired)).containsExactly(Type.FIRED);
        assertThat(fired.get(0).alert()).satisfies(a -> {
            assertThat(a.key()).isEqualTo("consumer-lag/group=billing");
            assertThat(a.activeSince()).isEqualTo(at(0));
            assertThat(a.firingSince()).isEqualTo(at(2));
            assertThat(a.labels()).containsEntry("group", "billing").containsEntry("team", "payments");
            assertThat(a.runbook()).isEqualTo("scale the consumers");
            assertThat(a.cluster()).isEqualTo("prod");
        });
        for (int m = 3; m < 32; m++) {
            assertThat(alerter.evaluate(List.of(f), at(m))).as("minute %d", m).isEmpty();
        }
        assertThat(types(alerter.evaluate(List.of(f), at(32)))).containsExactly(Type.REMINDER);
        List<AlertEvent> resolved = alerter.evaluate(List.of(), at(33));
        assertThat(types(resolved)).containsExactly(Type.RESOLVED);
        assertThat(alerter.active()).isEmpty();
    }

    @Test
    void aFindingGoneBeforeItsForDurationNeverFires() {
        Alerter alerter = alerter(rule("lag", "consumer-lag", Duration.ofMinutes(5), Duration.ofHours(1)));

        alerter.evaluate(List.of(lag("billing", 20_000, Severity.WARNING)), at(0));
        assertThat(alerter.evaluate(List.of(), at(1))).isEmpty();
        assertThat(alerter.evaluate(List.of(lag("billing", 20_000, Severity.WARNING)), at(2))).isEmpty();
        assertThat(alerter.active()).singleElement().satisfies(a -> assertThat(a.activeSince()).isEqualTo(at(2)));
    }

    @Test
    void aSeverityChangeWhileFiringIsToldAtOnce() {
        Alerter alerter = alerter(rule("lag", "consumer-lag", Duration.ZERO, Duration.ofHours(1)));

        assertThat(types(alerter.evaluate(List.of(lag("b", 20_000, Severity.WARNING)), at(0)))).containsExactly(Type.FIRED);
        List<AlertEvent> worse = alerter.evaluate(List.of(lag("b", 200_000, Severity.CRITICAL)), at(1));
        assertThat(types(worse)).containsExactly(Type.FIRED);
        assertThat(worse.get(0).alert().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(worse.get(0).alert().firingSince()).isEqualTo(at(0));
    }

    @Test
    void thresholdsOfTheRuleRegradeTheFindingAndDropWhatIsBelow() {
        var rule = new AlertRule("big-lag", Pattern.compile("consumer-lag"), Map.of("group", Pattern.compile("billing-.*")),
                50_000.0, 500_000.0, null, null, null, Duration.ZERO, Duration.ofHours(1), Map.of(), "");
        Alerter alerter = alerter(rule);

        var events = alerter.evaluate(List.of(lag("billing-eu", 20_000, Severity.WARNING),
                lag("billing-us", 60_000, Severity.WARNING), lag("billing-ap", 600_000, Severity.CRITICAL),
                lag("shipping", 900_000, Severity.CRITICAL)), at(0));

        assertThat(events).extracting(e -> e.alert().key() + " " + e.alert().severity()).containsExactlyInAnyOrder(
                "consumer-lag/group=billing-us WARNING", "consumer-lag/group=billing-ap CRITICAL");
    }

    @Test
    void firstMatchingRuleDecides() {
        var quiet = new AlertRule("ignore-test-groups", Pattern.compile("consumer-lag"),
                Map.of("group", Pattern.compile("test-.*")), 1e18, null, null, null, null, null, null, Map.of(), "");
        Alerter alerter = alerter(quiet, rule("lag", "consumer-lag", Duration.ZERO, Duration.ofHours(1)));

        var events = alerter.evaluate(List.of(lag("test-1", 20_000, Severity.WARNING), lag("prod", 20_000, Severity.WARNING)), at(0));

        assertThat(events).extracting(e -> e.alert().rule() + ":" + e.alert().key())
                .containsExactly("lag:consumer-lag/group=prod");
    }

    @Test
    void rateRulesFireOnTheRiseOfTheValuePerMinute() {
        var growing = new AlertRule("dlq-growing", Pattern.compile("dlq-depth"), Map.of(), null, null, 50.0, 500.0, null,
                Duration.ZERO, Duration.ofHours(1), Map.of(), "find what fails");
        Alerter alerter = alerter(growing);
        Finding at100 = new Finding("dlq-depth/topic=o.dlq", "dlq-depth", Severity.WARNING, 100, "m", Map.of(), Map.of());
        Finding at160 = new Finding("dlq-depth/topic=o.dlq", "dlq-depth", Severity.WARNING, 160, "m", Map.of(), Map.of());
        Finding at1200 = new Finding("dlq-depth/topic=o.dlq", "dlq-depth", Severity.CRITICAL, 1200, "m", Map.of(), Map.of());

        assertThat(alerter.evaluate(List.of(at100), at(0))).as("no earlier value, no rate").isEmpty();
        assertThat(alerter.evaluate(List.of(at160), at(2))).as("30/min").isEmpty();
        var fast = alerter.evaluate(List.of(at1200), at(3));
        assertThat(types(fast)).containsExactly(Type.FIRED);
        assertThat(fast.get(0).alert().severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void silencedAlertsAreReportedAsSilencedAndToldWhenTheSilenceEnds() {
        Alerter alerter = alerter(rule("lag", "consumer-lag", Duration.ZERO, Duration.ofHours(4)));
        silences.add(new Silence("s1", Map.of("group", "billing"), at(0), at(10), "alice", "deploying billing"));
        Finding f = lag("billing", 20_000, Severity.WARNING);

        assertThat(types(alerter.evaluate(List.of(f, lag("other", 20_000, Severity.WARNING)), at(0))))
                .containsExactlyInAnyOrder(Type.SILENCED, Type.FIRED);
        assertThat(alerter.evaluate(List.of(f, lag("other", 20_000, Severity.WARNING)), at(5))).isEmpty();
        var after = alerter.evaluate(List.of(f, lag("other", 20_000, Severity.WARNING)), at(10));
        assertThat(after).extracting(e -> e.type() + " " + e.alert().key())
                .containsExactly("FIRED consumer-lag/group=billing");
        assertThat(after.get(0).alert().firingSince()).isEqualTo(at(0));
    }

    @Test
    void firingUnsilencedLeavesOutPendingAlertsAndThoseASilenceCoversNow() {
        Alerter alerter = alerter(rule("lag", "consumer-lag", Duration.ZERO, Duration.ofHours(4)),
                rule("patient", "consumer-status", Duration.ofMinutes(10), Duration.ofHours(4)));
        Finding billing = lag("billing", 20_000, Severity.WARNING);
        Finding other = lag("other", 20_000, Severity.WARNING);
        Finding pending = new Finding("consumer-status/group=x", "consumer-status", Severity.WARNING, 1, "x stalls",
                Map.of("group", "x"), Map.of());
        alerter.evaluate(List.of(billing, other, pending), at(0));
        assertThat(alerter.firingUnsilenced()).extracting(Alert::key)
                .containsExactlyInAnyOrder("consumer-lag/group=billing", "consumer-lag/group=other");

        // a silence set while the alert fires: no event, but it is no longer repeated either
        silences.add(new Silence("s1", Map.of("group", "billing"), at(1), at(10), "alice", "deploying billing"));
        assertThat(alerter.evaluate(List.of(billing, other, pending), at(2))).isEmpty();
        assertThat(alerter.firingUnsilenced()).extracting(Alert::key).containsExactly("consumer-lag/group=other");
        assertThat(alerter.firing()).hasSize(2);
    }

    @Test
    void silenceMatchersUseKeyRuleSeverityAndLabels() {
        var alert = new Alert("broker-down/broker=2", "broker-down", Severity.CRITICAL, "prod", T0, T0,
                new Finding("broker-down/broker=2", "broker-down", Severity.CRITICAL, 1, "m", Map.of("broker", "2"), Map.of()),
                Map.of("broker", "2"), "");
        assertThat(new Silence("a", Map.of("key", "broker-down/.*"), T0, at(1), "x", "").matches(alert)).isTrue();
        assertThat(new Silence("b", Map.of("broker", "2", "severity", "CRITICAL"), T0, at(1), "x", "").matches(alert)).isTrue();
        assertThat(new Silence("c", Map.of("broker", "3"), T0, at(1), "x", "").matches(alert)).isFalse();
        assertThat(new Silence("d", Map.of("team", ".*"), T0, at(1), "x", "").matches(alert)).as("absent label").isFalse();
        assertThat(new Silence("e", Map.of(), T0, at(1), "x", "").activeAt(at(1))).as("expired at its end").isFalse();
    }

    @Test
    void defaultRulesCoverEveryBuiltInCheckWithARunbookStep() {
        for (String check : List.of("broker-down", "controller-missing", "offline-partitions", "under-min-isr",
                "under-replicated", "consumer-lag", "consumer-lag-growing", "consumer-status", "consumer-rebalancing",
                "dlq-depth", "disk-usage", "log-dir-offline", "probe-failed", "cluster-unreachable", "check-failed")) {
            Finding f = new Finding(check, check, Severity.WARNING, 1, "m", Map.of(), Map.of());
            AlertRule rule = DefaultRules.all().stream().filter(r -> r.matches(f, "c")).findFirst().orElseThrow();
            assertThat(rule.runbook()).as(check).isNotBlank();
            assertThat(rule.name()).as(check).isEqualTo(check.equals("check-failed") ? "other" : check);
        }
    }
}
