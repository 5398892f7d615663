package io.warden.comply;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A preset of the compliance audit: which topics hold protected data and how long they may keep it,
 * unless the command line says otherwise. Deliberately small; the values are defaults to start a
 * review from, not legal advice.
 */
public enum ComplianceProfile {

    /** Transport, authentication, authorization, certificates and the audit trail; no PHI topic checks unless --phi-topics is given. */
    baseline(null, Duration.ofDays(90)),

    /**
     * HIPAA-minded: topics whose names suggest protected health information are PHI topics
     * (patient, phi, health, medical, clinical, ehr, fhir, hl7), kept at most 90 days.
     */
    hipaa("(?i).*(phi|patient|health|medical|clinical|ehr|fhir|hl7).*", Duration.ofDays(90));

    private final String phiTopics;
    private final Duration maxRetention;

    ComplianceProfile(String phiTopics, Duration maxRetention) {
        this.phiTopics = phiTopics;
        this.maxRetention = maxRetention;
    }

    /** The PHI topic pattern of this profile, or null when it selects none. */
    public Pattern phiTopics() {
        return phiTopics == null ? null : Pattern.compile(phiTopics);
    }

    public Duration maxRetention() {
        return maxRetention;
    }

    /** The profile named {@code name}, or null. */
    public static ComplianceProfile named(String name) {
        return Arrays.stream(values()).filter(p -> p.name().equals(name.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
    }
}
