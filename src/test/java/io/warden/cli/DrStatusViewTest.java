package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.dr.ReplicationStatus;
import io.warden.dr.ReplicationStatus.CheckpointAge;
import io.warden.dr.ReplicationStatus.ConfigDifference;
import io.warden.dr.ReplicationStatus.Heartbeat;
import io.warden.dr.ReplicationStatus.PartitionReplication;
import io.warden.dr.ReplicationStatus.TierRpo;
import io.warden.dr.ReplicationStatus.TopicReplication;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The human table of {@code dr status}: numbers where the operator looks for them, names from the clusters escaped. */
class DrStatusViewTest {

    private static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");

    @Test
    void theTableShowsEachPartitionTheDerivationAndOneRpoVerdictPerTierWithHostileNamesEscaped() {
        String evil = "orders\u001b[2J\nFAKE";
        var p = new PartitionReplication(0, 130, 100, 95L, 95L, 100, 30, 75.0, T0.minusSeconds(75));
        var lagging = new TopicReplication(evil, "primary." + evil, "critical", true, 1, 2,
                List.of(new ConfigDifference("retention.ms", "604800000", "86400000")), 30, 75.0, List.of(p));
        var missing = new TopicReplication("audit", "primary.audit", "standard", false, 1, 0, List.of(), 0, 0.0,
                List.of(new PartitionReplication(0, 0, -1, null, null, 0, 0, 0.0, null)));
        var status = new ReplicationStatus(T0, "primary", "dr", ReplicationStatus.DERIVATION, List.of(lagging, missing),
                new Heartbeat(true, T0.minusSeconds(3), 3.0, false), List.of(new CheckpointAge("billing\u202e", T0, 0.0, 0, false)),
                List.of(), List.of(new TierRpo("critical", 60, 75.0, TierRpo.BREACHED, 1, "lag of " + evil),
                        new TierRpo("standard", 3600, 0.0, TierRpo.WITHIN, 1, "caught up")), List.of(), List.of());
        StringWriter out = new StringWriter();

        DrStatusCommand.print(new PrintWriter(out), status, status.severity());

        String text = out.toString();
        assertThat(text).doesNotContain("\u001b", "\u202e", "\nFAKE");
        assertThat(text).contains("REPLICATION primary -> dr at 2026-01-10T12:00:00Z: CRITICAL",
                "orders\\u001b[2J\\nFAKE", "130", "100", "95->95", "75", "MISSING",
                "upstream + (replica end - downstream)", "missing replica: audit has no primary.audit on dr",
                "has 2 partitions (source 1); retention.ms 604800000 vs 86400000", "heartbeat: 3.0 s old", "billing\\u202e",
                "RPO critical: BREACHED (75 s of 60 s, lag of orders\\u001b[2J\\nFAKE); standard: within (0.0 s of 3600 s, caught up)");
    }
}
