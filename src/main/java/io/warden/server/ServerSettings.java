package io.warden.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the daemon's HTTP endpoint listens.
 *
 * @param host           interface to bind, e.g. {@code 0.0.0.0} for all or {@code 127.0.0.1} for local only
 * @param port           TCP port; 0 picks a free ephemeral port (see {@link WardenServer#port()})
 * @param requestTimeout how long a connection has to deliver its whole request, headers and body;
 *                       also how long it may stay silent while the response is sent
 */
public record ServerSettings(String host, int port, Duration requestTimeout) {

    /** Long enough for any honest client, short enough that stalled ones are dropped before a probe gives up. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
    }

    public ServerSettings(String host, int port) {
        this(host, port, DEFAULT_REQUEST_TIMEOUT);
    }
}
