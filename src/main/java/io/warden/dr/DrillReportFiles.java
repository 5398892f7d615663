package io.warden.dr;

import static io.warden.DatedReportFiles.md;

import io.warden.DatedReportFiles;
import io.warden.dr.DrillReport.GroupPosition;
import io.warden.dr.DrillReport.Marker;
import io.warden.dr.DrillReport.PartitionCount;
import io.warden.dr.DrillReport.TierResult;
import java.nio.file.Path;
import java.util.List;

/**
 * The drill's evidence as an auditor keeps it: Markdown to read and JSON to process, named by the
 * pair and the date ({@code dr-drill-primary-dr-20261207T193000Z.md}). Names from the clusters are
 * escaped for Markdown.
 */
public final class DrillReportFiles {

    private DrillReportFiles() {
    }

    /** Writes both files into {@code dir} (made if missing) and returns them, Markdown first. */
    public static List<Path> write(DrillReport report, Path dir) {
        return DatedReportFiles.write(dir, "dr-drill", report.source().name() + "-" + report.target().name(), report.startedAt(),
                markdown(report), report);
    }

    public static String markdown(DrillReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# DR drill: ").append(r.status()).append("\n\n");
        md.append("- Drill: `").append(md(r.drillId())).append("`, run by ").append(md(r.ranBy())).append(" from ")
                .append(r.startedAt()).append(" to ").append(r.finishedAt()).append('\n');
        md.append("- Primary: ").append(md(r.source().name())).append(" (`").append(md(r.source().bootstrapServers()))
                .append("`), MirrorMaker alias `").append(md(r.source().alias())).append("`\n");
        md.append("- DR: ").append(md(r.target().name())).append(" (`").append(md(r.target().bootstrapServers()))
                .append("`), MirrorMaker alias `").append(md(r.target().alias())).append("`; replication policy ")
                .append(r.replicationPolicy()).append('\n');
        md.append("- Topics: ").append(String.join(", ", r.topics().stream().map(t -> "`" + md(t) + "`").toList()))
                .append(r.drillTopic() ? " (the drill's own topic, removed afterwards)" : " (markers carry the header `"
                        + DrillService.HEADER + "`)").append('\n');
        if (r.replicaSeenAfter() != null) {
            md.append("- MirrorMaker created the drill topic's replica after ").append(DrillService.human(r.replicaSeenAfter())).append('\n');
        }
        md.append("- Markers: ").append(r.markersProduced()).append(" produced, ").append(r.markersSeen()).append(" seen on DR, ")
                .append(r.markersLost()).append(" lost (not seen within ").append(DrillService.human(r.markerWait())).append(")\n");
        md.append("- **Measured RPO: ").append(r.rpo() == null ? "unknown (no marker reached DR)" : DrillService.human(r.rpo()))
                .append("** (the longest a marker took to appear on DR; median ").append(DrillService.human(r.p50())).append(")\n");
        md.append("- Result: ").append(r.status()).append(" (exit code ").append(r.exitCode()).append(")\n");

        md.append("\n## Recovery tiers\n\n| Tier | RPO target | RTO target | Measured RPO | Result |\n|---|---|---|---|---|\n");
        for (TierResult t : r.tiers()) {
            md.append("| ").append(md(t.tier())).append(" | ").append(DrillService.human(t.rpoTarget())).append(" | ")
                    .append(DrillService.human(t.rtoTarget())).append(" | ")
                    .append(r.markersLost() > 0 ? "markers lost" : DrillService.human(t.measuredRpo())).append(" | ")
                    .append(t.pass() ? "PASS" : "FAIL").append(" |\n");
        }
        md.append("\nA drill measures the RPO only; the RTO target is recorded for reference (it takes a failover to measure).\n");

        md.append("\n## Record counts\n\n| Topic | Partition | Primary offsets | Primary records | DR replica | DR offsets | DR records | Match |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (PartitionCount c : r.counts()) {
            md.append("| ").append(md(c.topic())).append(" | ").append(c.partition()).append(" | ").append(c.sourceFrom()).append("..")
                    .append(c.sourceTo()).append(" | ").append(c.sourceRecords() < 0 ? "too many to count" : c.sourceRecords())
                    .append(" | ").append(md(c.replica())).append(" | ")
                    .append(c.replicaFrom() == null ? "unknown" : c.replicaFrom() + ".." + c.replicaTo()).append(" | ")
                    .append(c.replicaRecords() == null ? "unknown" : c.replicaRecords()).append(" | ").append(c.match() ? "yes" : "NO")
                    .append(" |\n");
        }

        md.append("\n## Groups\n\n");
        if (r.groups().isEmpty()) {
            md.append("No group selected (--group, --all-groups).\n");
        } else {
            md.append("| Group | Partitions | With checkpoint | Oldest checkpoint | Result |\n|---|---|---|---|---|\n");
            for (GroupPosition g : r.groups()) {
                md.append("| ").append(md(g.group())).append(" | ").append(g.partitions()).append(" | ").append(g.checkpointed())
                        .append(" | ").append(DrillService.human(g.oldestCheckpointAge())).append(" | ")
                        .append(g.ok() ? "ok" : md(g.problem() + (g.missing().isEmpty() ? "" : ": " + String.join(", ", g.missing()))))
                        .append(" |\n");
            }
        }

        if (r.parity() != null) {
            md.append("\n## Schema Registry and Connect parity\n\n");
            if (r.parity().differences().isEmpty()) {
                md.append("No difference (").append(r.parity().subjects() == null ? "registries not compared" : r.parity().subjects()
                        + " subjects").append(", ").append(r.parity().connectors() == null ? "Connect not compared"
                        : r.parity().connectors() + " connectors").append(").\n");
            } else {
                md.append("| Area | Name | Difference | Primary | DR |\n|---|---|---|---|---|\n");
                r.parity().differences().forEach(d -> md.append("| ").append(d.area()).append(" | ").append(md(d.name())).append(" | ")
                        .append(md(d.what())).append(" | ").append(md(d.primary())).append(" | ").append(md(d.dr())).append(" |\n"));
            }
            r.parity().unknown().forEach(u -> md.append("- Not compared: ").append(md(u)).append('\n'));
        }

        md.append("\n## Markers\n\n| Marker | Topic-partition@offset | Produced | Seen on DR | Latency |\n|---|---|---|---|---|\n");
        for (Marker m : r.markers()) {
            md.append("| ").append(md(m.id())).append(" | ").append(md(m.topic())).append('-').append(m.partition()).append('@')
                    .append(m.offset()).append(" | ").append(m.producedAt()).append(" | ")
                    .append(m.seenAt() == null ? "LOST" : m.seenAt() + " (" + md(m.replica()) + "@" + m.replicaOffset() + ")")
                    .append(" | ").append(m.latency() == null ? "-" : DrillService.human(m.latency())).append(" |\n");
        }
        if (!r.notes().isEmpty() || !r.cleanup().isEmpty()) {
            md.append("\n## Notes\n\n");
            r.notes().forEach(n -> md.append("- ").append(md(n)).append('\n'));
            r.cleanup().forEach(n -> md.append("- ").append(md(n)).append('\n'));
        }
        return md.toString();
    }
}
