package io.warden.comply;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The daemon reads certificates once per interval, and every snapshot in between carries the last reading. */
class SecurityWatchTest {

    private Instant now = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void readsAgainOnlyOnceTheIntervalHasPassed() {
        AtomicInteger reads = new AtomicInteger();
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        var watch = new SecurityWatch(() -> new SecurityReading(now, List.of(), true, "read " + reads.incrementAndGet(),
                Map.of(), List.of()), new CertificatePolicy(Duration.ofDays(30), Duration.ofDays(7), Duration.ofMinutes(10)), clock);
        Snapshot snapshot = new Snapshot(now, new ClusterInfo("c", List.of(), Set.of(), null, null), List.of(), List.of(), List.of(),
                Map.of(), List.of(), 1, null);

        assertThat(watch.attach(snapshot).security().configError()).isEqualTo("read 1");
        now = now.plus(Duration.ofMinutes(9));
        assertThat(watch.attach(snapshot).security().configError()).isEqualTo("read 1");
        now = now.plus(Duration.ofMinutes(1));
        assertThat(watch.attach(snapshot).security().configError()).isEqualTo("read 2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void aClusterThatDidNotAnswerIsNotAskedAgainUntilItAnswers() {
        AtomicInteger reads = new AtomicInteger();
        var watch = new SecurityWatch(() -> new SecurityReading(now, List.of(), true, "read " + reads.incrementAndGet(),
                Map.of(), List.of()), new CertificatePolicy(Duration.ofDays(30), Duration.ofDays(7), Duration.ofMinutes(10)),
                Clock.fixed(now, ZoneOffset.UTC));
        Snapshot answered = new Snapshot(now, new ClusterInfo("c", List.of(), Set.of(), null, null), List.of(), List.of(),
                List.of(), Map.of(), List.of(), 1, null);
        Snapshot unanswered = answered.withFailures(List.of(new io.warden.snapshot.ProbeFailure("cluster", "*", "timeout")));

        assertThat(watch.attach(unanswered).security()).isNull();
        assertThat(reads).hasValue(0);
        assertThat(watch.attach(answered).security().configError()).isEqualTo("read 1");
    }

    @Test
    void failuresAddedLaterKeepTheCertificatesAlreadyAttached() {
        var reading = new SecurityReading(now, List.of(), true, "read", Map.of(), List.of());
        Snapshot snapshot = new Snapshot(now, new ClusterInfo("c", List.of(), Set.of(), null, null), List.of(), List.of(), List.of(),
                Map.of(), List.of(), 1, null).withSecurity(reading);

        Snapshot more = snapshot.withFailures(List.of(new io.warden.snapshot.ProbeFailure("offset-times", "jobs-0", "refused")));

        assertThat(more.failures()).hasSize(1);
        assertThat(more.security()).isSameAs(reading);
    }
}
