package io.warden.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-08T00:00:00Z");

    @Test
    void headingsPerSectionAndPipeTablesWithKeysKeptLiteral() {
        Report report = ReportService.build(List.of(
                new AuditEvent(FROM.plusSeconds(60), "alert.fired", "prod", "dlq-depth/topic=a_b|c*", Map.of("severity", "WARNING"))),
                FROM, TO);

        String md = MarkdownReport.render(report);

        assertThat(md).startsWith("""
                # Warden report

                - Period: 2026-01-01T00:00:00Z to 2026-01-08T00:00:00Z (7d 0h)
                - Clusters: prod
                - Audit records in the period: 1; unreadable lines skipped: 0

                ## Cluster prod

                ### Alerts

                - 1 fired, 0 resolved, 0 silenced, 1 still firing at the end
                """);
        assertThat(md).contains("""
                #### Still firing

                | KEY | SEVERITY | FIRING SINCE |
                | --- | --- | --- |
                | dlq-depth/topic=a\\_b\\|c\\* | WARNING | 2026-01-01T00:01:00Z |
                """);
        assertThat(md).contains("### Self-healing\n\n- Warden did not act").endsWith("(the watch writes one an hour).\n");
    }
}
