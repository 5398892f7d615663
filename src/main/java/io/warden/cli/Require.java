package io.warden.cli;

import io.warden.WardenException;

/** Bounds on numeric options that picocli's types cannot express, checked before anything is read or reached. */
final class Require {

    private Require() {
    }

    /** {@code value} (when given) is at least {@code min}. */
    static void atLeast(String option, Number value, long min) {
        if (value != null && value.longValue() < min) {
            throw new WardenException(WardenException.USAGE, option + (min == 0 ? " must be 0 or more" : " must be at least " + min)
                    + ", not " + value);
        }
    }

    /** A TCP port to listen on: 0 (any free one) to 65535. */
    static void port(String option, Number value) {
        if (value != null && (value.longValue() < 0 || value.longValue() > 65_535)) {
            throw new WardenException(WardenException.USAGE, option + " must be a port from 0 (any free one) to 65535, not " + value);
        }
    }

    /** A Nagios pair: the warning threshold is not above the critical one, and neither is negative. */
    static void thresholds(Long warning, Long critical) {
        atLeast("--warning", warning, 0);
        atLeast("--critical", critical, 0);
        if (warning != null && critical != null && warning > critical) {
            throw new WardenException(WardenException.USAGE, "--warning " + warning + " is above --critical " + critical
                    + "; the warning threshold must be the lower one");
        }
    }
}
