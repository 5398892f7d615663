package io.warden.comply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComplianceReportFilesTest {

    @TempDir
    Path dir;

    static final ComplianceReport REPORT = new ComplianceReport("abc-DEF_1", "kafka1:9093", Instant.parse("2026-12-07T19:30:00Z"),
            "hipaa", "patient\\..*", "90d 0h", ComplianceCheck.Status.FAIL, List.of(
                    new ComplianceCheck("acl-review", ComplianceCheck.Status.FAIL, "1 grant | to <everyone>",
                            List.of("User:* on PHI topic(s) [patient.a|b]: <script>`x`")),
                    new ComplianceCheck("audit-trail", ComplianceCheck.Status.PASS, "ok", List.of())), null);

    @Test
    void writesMarkdownAndJsonNamedByClusterAndDate() throws Exception {
        List<Path> files = ComplianceReportFiles.write(REPORT, dir.resolve("reports/monthly"));

        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("compliance-abc-DEF_1-20261207T193000Z.md", "compliance-abc-DEF_1-20261207T193000Z.json");
        String md = Files.readString(files.get(0));
        assertThat(md).startsWith("# Kafka compliance audit: FAIL")
                .contains("- Cluster: `abc-DEF_1` (bootstrap `kafka1:9093`)", "- Date: 2026-12-07T19:30:00Z",
                        "- Result: FAIL (exit code 2)", "| acl-review | FAIL | 1 grant \\| to &lt;everyone&gt; |",
                        "- User:* on PHI topic(s) [patient.a\\|b]: &lt;script&gt;\\`x\\`")
                .doesNotContain("<script>");
        var json = new ObjectMapper().readTree(Files.readString(files.get(1)));
        assertThat(json.get("clusterId").asText()).isEqualTo("abc-DEF_1");
        assertThat(json.get("checks").get(0).get("evidence").get(0).asText()).isEqualTo("User:* on PHI topic(s) [patient.a|b]: <script>`x`");
    }
}
