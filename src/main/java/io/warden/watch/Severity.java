package io.warden.watch;

/** How bad a finding is, ordered from harmless to worst. Exit codes follow Nagios. */
public enum Severity {
    OK(0), INFO(0), WARNING(1), CRITICAL(2), UNKNOWN(3);

    private final int exitCode;

    Severity(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The Nagios plugin exit code: 0 OK, 1 warning, 2 critical, 3 unknown. */
    public int exitCode() {
        return exitCode;
    }

    public Severity worst(Severity other) {
        return rank() >= other.rank() ? this : other;
    }

    private int rank() {
        // UNKNOWN sits between WARNING and CRITICAL for "worst of", as Nagios aggregators treat it
        return switch (this) {
            case OK -> 0;
            case INFO -> 1;
            case WARNING -> 2;
            case UNKNOWN -> 3;
            case CRITICAL -> 4;
        };
    }
}
