package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.embedded.EmbeddedKafka;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a KRaft quorum of two controller voters, both up and caught up, then status warns that an
 * even number of voters tolerates no more failures than one voter fewer: two voters survive none.
 */
class QuorumEvenVotersIT {

    static EmbeddedKafka kafka;

    @BeforeAll
    static void cluster() {
        kafka = EmbeddedKafka.start(2, 1, Map.of());
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void twoVotersAreAWarningThatNamesTheFailuresTheySurvive() {
        Cli status = Cli.run("status", "-b", kafka.bootstrapServers());

        assertThat(status.exitCode()).as(status.out() + status.err()).isEqualTo(1);
        assertThat(status.out()).contains("Quorum      2 of 2 voter(s) caught up", "majority 2: tolerates 0 more voter failure(s)")
                .contains("KRaft quorum has 2 voters: it tolerates 0 voter failure(s), no more than 1 voter would");
        assertThat(status.out()).doesNotContain("CRITICAL");
    }
}
