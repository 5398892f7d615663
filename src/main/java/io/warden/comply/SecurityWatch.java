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

    /** {@code snapshot} with the current reading, read now when the last one is due. */
    public Snapshot attach(Snapshot snapshot) {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(lastRead.plus(policy.interval()))) {
            last = probe.get();
            lastRead = now;
        }
        return snapshot.withSecurity(last);
    }
}
