package io.warden.schemaregistry;

import io.warden.WardenException;

/**
 * A Schema Registry request that failed: the registry answered with an error status (kept with its
 * own message and error code), or no URL answered at all ({@link #httpStatus()} 0). Refused
 * credentials are a config error, anything else the service being unavailable. Messages never hold
 * the password.
 */
public final class SchemaRegistryException extends WardenException {

    private final int httpStatus;
    private final int errorCode;
    private final String registryMessage;

    SchemaRegistryException(String message, int httpStatus, int errorCode, String registryMessage) {
        super(httpStatus == 401 || httpStatus == 403 ? CONFIG : UNAVAILABLE, message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** The HTTP status of the error reply; 0 when no URL answered. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code} (40401 subject not found, 409 incompatible, ...); 0 when it gave none. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own error message; empty when there was none. */
    public String registryMessage() {
        return registryMessage;
    }
}
