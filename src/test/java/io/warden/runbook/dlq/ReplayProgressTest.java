package io.warden.runbook.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {

    @Test
    void theReplayedPrefixTravelsInTheCommitMetadata() {
        var progress = new ReplayProgress(6, 3, "r-1");
        assertThat(ReplayProgress.fromOffset(progress.toOffset())).isEqualTo(progress);
    }

    @Test
    void anOffsetCommittedByHandCountsAsReplayedUpToItself() {
        assertThat(ReplayProgress.fromOffset(new OffsetAndMetadata(6))).isEqualTo(new ReplayProgress(6, 6, null));
        assertThat(ReplayProgress.fromOffset(new OffsetAndMetadata(6, "replayedUpTo=x"))).isEqualTo(new ReplayProgress(6, 6, null));
    }

    @Test
    void metadataNeverClaimsMoreThanTheOffset() {
        assertThat(ReplayProgress.fromOffset(new OffsetAndMetadata(6, "replayedUpTo=99")).replayedUpTo()).isEqualTo(6);
    }
}
