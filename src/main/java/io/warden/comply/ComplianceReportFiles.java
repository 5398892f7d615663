package io.warden.comply;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.warden.AtomicFiles;
import io.warden.WardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The audit report an auditor keeps: Markdown to read and JSON to process, both named by cluster
 * and date ({@code compliance-CLUSTER-20261207T193000Z.md}) so monthly runs sit side by side.
 * Every text from the cluster is already escaped; Markdown's own table and HTML characters are too.
 */
public final class ComplianceReportFiles {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private ComplianceReportFiles() {
    }

    /** Writes both files into {@code dir} (made if missing) and returns them, Markdown first. */
    public static List<Path> write(ComplianceReport report, Path dir) {
        String base = "compliance-" + (report.clusterId() == null ? "unknown" : report.clusterId().replaceAll("[^A-Za-z0-9_-]", "_"))
                + "-" + STAMP.format(report.generatedAt());
        Path md = dir.resolve(base + ".md");
        Path json = dir.resolve(base + ".json");
        try {
            AtomicFiles.createDirectories(dir);
            AtomicFiles.write(md, markdown(report).getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(json, json(report).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new WardenException(WardenException.CANT_CREATE, "cannot write the compliance report to " + dir.toAbsolutePath()
                    + ": " + e.getMessage() + "; name a writable directory with --report-dir", e);
        }
        return List.of(md, json);
    }

    public static String json(ComplianceReport report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the report as JSON: " + e.getMessage(), e);
        }
    }

    public static String markdown(ComplianceReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Kafka compliance audit: ").append(r.status()).append("\n\n");
        md.append("- Cluster: `").append(md(r.clusterId())).append("` (bootstrap `").append(md(r.bootstrapServers())).append("`)\n");
        md.append("- Date: ").append(r.generatedAt()).append('\n');
        md.append("- Profile: ").append(r.profile()).append("; PHI topics: ")
                .append(r.phiTopics() == null ? "none selected" : "`" + md(r.phiTopics()) + "`")
                .append("; maximum retention of PHI topics: ").append(r.maxRetention()).append('\n');
        md.append("- Result: ").append(r.status()).append(" (exit code ").append(r.exitCode()).append(")\n\n");
        md.append("| Check | Status | Summary |\n|---|---|---|\n");
        r.checks().forEach(c -> md.append("| ").append(c.name()).append(" | ").append(c.status()).append(" | ")
                .append(md(c.summary())).append(" |\n"));
        for (ComplianceCheck c : r.checks()) {
            md.append("\n## ").append(c.name()).append(": ").append(c.status()).append("\n\n").append(md(c.summary())).append("\n");
            if (!c.evidence().isEmpty()) {
                md.append('\n');
                c.evidence().forEach(e -> md.append("- ").append(md(e)).append('\n'));
            }
        }
        if (r.phiAccess() != null) {
            phiAccess(md, r.phiAccess());
        }
        return md.toString();
    }

    /** Who may reach and who reads each PHI topic: the evidence an auditor asks for, one table. */
    private static void phiAccess(StringBuilder md, PhiAccess a) {
        md.append("\n## PHI access inventory\n\n");
        if (a.topicsUnknown() != null) {
            md.append("UNKNOWN: the topics could not be read: ").append(md(a.topicsUnknown())).append('\n');
            return;
        }
        if (a.aclsUnknown() != null) {
            md.append("- ACLs: UNKNOWN: ").append(md(a.aclsUnknown())).append('\n');
        }
        if (a.groupsUnknown() != null) {
            md.append("- Groups: UNKNOWN").append(a.topics().isEmpty() ? "" : " (those listed were read)").append(": ")
                    .append(md(a.groupsUnknown())).append('\n');
        }
        if (a.topics().isEmpty()) {
            md.append("No topic matches the PHI pattern.\n");
            return;
        }
        md.append(a.aclsUnknown() == null && a.groupsUnknown() == null ? "" : "\n")
                .append("| PHI topic | Allowed (ACLs) | Denied (ACLs) | Read by groups |\n|---|---|---|---|\n");
        for (PhiAccess.Topic t : a.topics()) {
            String allowed = a.aclsUnknown() != null ? "UNKNOWN" : t.allowed().isEmpty() ? "none (super users only)"
                    : String.join("; ", t.allowed().entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).toList());
            String denied = a.aclsUnknown() != null ? "UNKNOWN" : t.denied().isEmpty() ? "none" : String.join("; ", t.denied());
            String groups = t.readBy().isEmpty() ? (a.groupsUnknown() != null ? "UNKNOWN" : "none")
                    : String.join(", ", t.readBy().stream().map(g -> g.group() + " (" + g.type() + ", " + g.state() + ")").toList());
            md.append("| ").append(md(t.name())).append(" | ").append(md(allowed)).append(" | ").append(md(denied)).append(" | ")
                    .append(md(groups)).append(" |\n");
        }
    }

    /** Text that cannot break a table row, start markup of its own or carry HTML. */
    private static String md(String s) {
        if (s == null) {
            return "-";
        }
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\r", " ").replace("\n", " ");
    }
}
