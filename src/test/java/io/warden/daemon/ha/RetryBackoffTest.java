package io.warden.daemon.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void eachRefusalWaitsTwiceAsLongUpToFiveMinutesAndACommittedWriteStartsOver() {
        RetryBackoff backoff = new RetryBackoff();
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waits.add(backoff.refused(T0));
        }
        assertThat(waits).extracting(Duration::getSeconds).containsExactly(10L, 20L, 40L, 80L, 160L, 300L, 300L);

        backoff.succeeded();
        assertThat(backoff.waiting(T0)).isFalse();
        assertThat(backoff.refused(T0)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theWaitEndsWhenItsTimeHasPassed() {
        RetryBackoff backoff = new RetryBackoff();
        assertThat(backoff.waiting(T0)).isFalse();
        backoff.refused(T0);
        assertThat(backoff.waiting(T0.plusSeconds(9))).isTrue();
        assertThat(backoff.waiting(T0.plusSeconds(10))).isFalse();
        assertThat(backoff.until()).isEqualTo(T0.plusSeconds(10));
    }
}
