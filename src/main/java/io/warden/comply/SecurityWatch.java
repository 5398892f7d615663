package io.warden.comply;

import io.warden.snapshot.Snapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The security reading inside the watch cycle: certificates and listeners change rarely, so they
 * are read again only once the last reading is older than the interval, and every snapshot in
 * between carries the last reading. Driven by the one monitor thread.
 */
public final class SecurityWatch {

    private final Supplier<SecurityReading> probe;
    private final CertificatePolicy policy;
    private final Clock clock;
    private SecurityReading last;
    private Instant lastRead;

    public SecurityWatch(Supplier<SecurityReading> probe, CertificatePolicy policy, Clock clock) {
        this.probe = probe;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * {@code snapshot} with the current reading, read now when the last one is due and the cluster
     * answered the snapshot: asking one that did not would only wait out the timeout a second time
     * and hold back the cycle that reports it unreachable.
     */
    public Snapshot attach(Snapshot snapshot) {
        Instant now = clock.instant();
        boolean due = last == null || !now.isBefore(lastRead.plus(policy.interval()));
        if (due && snapshot.unanswered().isEmpty()) {
            last = probe.get();
            lastRead = now;
        }
        return snapshot.withSecurity(last);
    }
}
