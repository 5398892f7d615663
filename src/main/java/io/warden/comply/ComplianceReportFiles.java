package io.warden.comply;

import io.warden.DatedReportFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * The audit report an auditor keeps: Markdown to read and JSON to process, both named by cluster
 * and date ({@code compliance-CLUSTER-20261207T193000Z.md}) so monthly runs sit side by side.
 * Every text from the cluster is already escaped; Markdown's own table and HTML characters are too.
 */
public final class ComplianceReportFiles {

    private ComplianceReportFiles() {
    }

    /** Writes both files into {@code dir} (made if missing) and returns them, Markdown first. */
    public static List<Path> write(ComplianceReport report, Path dir) {
        return DatedReportFiles.write(dir, "compliance", report.clusterId(), report.generatedAt(), markdown(report), report);
    }

    public static String json(ComplianceReport report) {
        return DatedReportFiles.json(report);
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

    private static String md(String s) {
        return DatedReportFiles.md(s);
    }
}
