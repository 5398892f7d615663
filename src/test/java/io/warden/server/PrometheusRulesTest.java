package io.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules in deploy/prometheus are valid for Prometheus, pass their unit tests, have a
 * firing and a silent test each, and query only what Warden exports; and promtool finds nothing to
 * lint in an exposition with every kind of series Warden has (a fleet member's included).
 */
class PrometheusRulesTest {

    private static final Path DIR = Path.of("deploy/prometheus");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern METRIC = Pattern.compile("\\b((?:kafka|warden)_[a-z_]+)\\b");
    /** Rules about a Warden process or a fleet member, not about one cluster. */
    private static final Set<String> NOT_PER_CLUSTER = Set.of("WardenDown", "WardenAbsent", "WardenHaClusterWaiting");

    @Test
    void promtoolChecksTheRules() throws Exception {
        var run = promtool("check", "rules", "warden-rules.yml");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).as(run.output()).contains("SUCCESS: " + rules().size() + " rules found")
                .doesNotContainIgnoringCase("warning");
    }

    @Test
    void promtoolRunsTheRulesUnitTests() throws Exception {
        var run = promtool("test", "rules", "warden-rules.test.yml");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).as(run.output()).contains("SUCCESS");
    }

    @Test
    void promtoolFindsNothingToLintInWhatWardenExports() throws Exception {
        var run = PrometheusPrograms.run(DIR, Fixtures.fullScrape().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Duration.ofSeconds(60), PrometheusPrograms.require("promtool").toString(), "check", "metrics");

        assertThat(run.output()).as("promtool check metrics").isEmpty();
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void everyRuleIsTestedFiringAndSilent() throws Exception {
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : YAML.readTree(DIR.resolve("warden-rules.test.yml").toFile()).get("tests")) {
            for (JsonNode c : test.path("alert_rule_test")) {
                (c.path("exp_alerts").isEmpty() ? silent : firing).add(c.get("alertname").asText());
            }
        }
        List<String> names = rules().stream().map(r -> r.get("alert").asText()).toList();

        assertThat(names).doesNotHaveDuplicates();
        assertThat(firing).as("rules with a test where they fire").containsExactlyInAnyOrderElementsOf(names);
        assertThat(silent).as("rules with a test where they do not fire").containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void everyRuleHasASeverityASummaryAndADescriptionNamingTheCluster() throws Exception {
        for (JsonNode rule : rules()) {
            String name = rule.get("alert").asText();
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
            String description = rule.path("annotations").path("description").asText();
            assertThat(description).as(name).isNotBlank();
            if (!NOT_PER_CLUSTER.contains(name)) {
                assertThat(description).as(name).contains("{{ $labels.cluster }}");
            }
            if (rule.get("expr").asText().contains("consumergroup")) {
                assertThat(description).as(name).contains("{{ $labels.group }}");
            }
        }
    }

    @Test
    void everyRuleQueriesMetricsWardenExports() throws Exception {
        Set<String> exported = new HashSet<>(Fixtures.exportedMetricNames());
        exported.addAll(ClusterCollector.HELP.keySet()); // the fixture's cluster has no metric of every kind
        Set<String> used = new HashSet<>();
        for (JsonNode rule : rules()) {
            Matcher m = METRIC.matcher(rule.get("expr").asText());
            while (m.find()) {
                used.add(m.group(1));
                assertThat(exported).as("metric %s of rule %s", m.group(1), rule.get("alert").asText()).contains(m.group(1));
            }
        }
        assertThat(used).hasSizeGreaterThan(20);
    }

    private static List<JsonNode> rules() throws Exception {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : YAML.readTree(DIR.resolve("warden-rules.yml").toFile()).get("groups")) {
            group.get("rules").forEach(rules::add);
        }
        return rules;
    }

    private static PrometheusPrograms.Run promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PrometheusPrograms.require("promtool").toString()));
        command.addAll(List.of(args));
        return PrometheusPrograms.run(DIR, new byte[0], Duration.ofSeconds(60), command.toArray(String[]::new));
    }
}
