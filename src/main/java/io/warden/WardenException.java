package io.warden;

/**
 * An error Warden can explain: a one-line message saying what is wrong, where, and what to do,
 * and the process exit code it maps to. The CLI prints only the message unless asked for more.
 * Codes follow sysexits(3) so they never collide with the Nagios codes 0-3 of a check result.
 */
public class WardenException extends RuntimeException {

    /** Bad command-line usage: an unknown option, a missing argument, a name that does not exist. */
    public static final int USAGE = 64;
    /** Input data was wrong: an unreadable or malformed file. */
    public static final int DATA = 65;
    /** A file named on the command line does not exist or cannot be read. */
    public static final int NO_INPUT = 66;
    /** Kafka (or another service) could not be reached. */
    public static final int UNAVAILABLE = 69;
    /** Something failed inside Warden itself. */
    public static final int SOFTWARE = 70;
    /** An output file named on the command line cannot be written. */
    public static final int CANT_CREATE = 73;
    /** The configuration is invalid. */
    public static final int CONFIG = 78;

    private final int exitCode;

    public WardenException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public WardenException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
