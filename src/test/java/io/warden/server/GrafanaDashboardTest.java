package io.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in deploy/ queries only what Warden exports, and every query is scoped to
 * the selected cluster, so a renamed metric or a daemon watching several clusters cannot leave
 * panels empty or mixed.
 */
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:kafka|warden)_[a-z_]+)\\b");

    @Test
    void everyQueryNamesExportedMetricsAndTheSelectedCluster() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy/grafana/warden-dashboard.json").toFile());
        List<String> queries = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        panels(dashboard.get("panels"), queries, ids);

        Set<String> exported = Fixtures.exportedMetricNames();
        assertThat(queries).hasSizeGreaterThan(30);
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            assertThat(m.find()).as("a Warden metric in %s", query).isTrue();
            do {
                assertThat(exported).as("metric %s of query %s", m.group(1), query).contains(m.group(1));
            } while (m.find());
            assertThat(query).as("scoped to the selected cluster").contains("cluster=\"$cluster\"");
        }
        JsonNode variables = dashboard.get("templating").get("list");
        assertThat(variables.findValuesAsText("name")).contains("cluster", "group");
    }

    @Test
    void groupsAreShownByTheirGroupLevelSeriesAndTheExportedWorstPartitions() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy/grafana/warden-dashboard.json").toFile());
        List<String> queries = new ArrayList<>();
        panels(dashboard.get("panels"), queries, new HashSet<>());

        for (String series : List.of("kafka_consumergroup_group_lag{", "kafka_consumergroup_group_max_lag_seconds{",
                "kafka_consumergroup_status{", "kafka_consumergroup_members{", "kafka_consumergroup_partitions_lagging{",
                "kafka_consumergroup_lag{", "kafka_consumergroup_lag_seconds{")) {
            assertThat(queries).as("a panel on %s", series).anyMatch(q -> q.contains(series));
        }
        assertThat(dashboard.get("panels").findValuesAsText("title")).anyMatch(t -> t.startsWith("Worst partitions"));
        assertThat(dashboard.get("panels").findValuesAsText("description")).anyMatch(d -> d.contains("metrics.worst-partitions"));
    }

    private static void panels(JsonNode panels, List<String> queries, Set<Integer> ids) {
        if (panels == null) {
            return;
        }
        for (JsonNode panel : panels) {
            assertThat(ids.add(panel.get("id").asInt())).as("panel id %s is unique", panel.get("id")).isTrue();
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.get("expr").asText());
            }
            panels(panel.get("panels"), queries, ids);
        }
    }
}
