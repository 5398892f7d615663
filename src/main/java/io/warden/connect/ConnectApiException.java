package io.warden.connect;

import io.warden.WardenException;

/**
 * A Connect REST request that failed: the worker answered with an error status (kept with
 * Connect's own error message), or no worker answered at all ({@link #httpStatus()} 0). The exit
 * code follows the cause: an unknown connector is a usage error, refused credentials a config
 * error, anything else the service being unavailable. Messages never hold the password.
 */
public final class ConnectApiException extends WardenException {

    private final String worker;
    private final int httpStatus;
    private final String connectMessage;

    ConnectApiException(String message, String worker, int httpStatus, String connectMessage) {
        super(exitCode(httpStatus), message);
        this.worker = worker;
        this.httpStatus = httpStatus;
        this.connectMessage = connectMessage;
    }

    private static int exitCode(int status) {
        return switch (status) {
            case 404 -> USAGE;
            case 401, 403 -> CONFIG;
            default -> UNAVAILABLE;
        };
    }

    /** The worker URL that answered with the error, or null when none answered. */
    public String worker() {
        return worker;
    }

    /** The HTTP status of the error reply; 0 when no worker answered. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Connect's error message from the reply body; empty when there was none. */
    public String connectMessage() {
        return connectMessage;
    }
}
