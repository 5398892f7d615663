package io.warden.comply;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One certificate of a chain an endpoint presented. Every text field comes from the peer and is
 * untrusted: escape it before printing.
 *
 * @param subject         the subject's distinguished name (RFC 2253)
 * @param issuer          the issuer's distinguished name
 * @param subjectAltNames as {@code DNS:name} or {@code IP:address}, in certificate order
 * @param notBefore       start of validity
 * @param notAfter        end of validity
 */
public record CertificateInfo(String subject, String issuer, List<String> subjectAltNames, Instant notBefore,
                              Instant notAfter) {

    public CertificateInfo {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /** Time left at {@code now}; negative once expired. */
    public Duration remaining(Instant now) {
        return Duration.between(now, notAfter);
    }

    /** Whole days left at {@code now}, rounded down (an expired certificate has negative days). */
    public long daysLeft(Instant now) {
        return Math.floorDiv(remaining(now).toSeconds(), 86_400L);
    }
}
