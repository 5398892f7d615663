package io.warden.server;

import java.util.Objects;

/**
 * Where the daemon's HTTP endpoint listens.
 *
 * @param host interface to bind, e.g. {@code 0.0.0.0} for all or {@code 127.0.0.1} for local only
 * @param port TCP port; 0 picks a free ephemeral port (see {@link WardenServer#port()})
 */
public record ServerSettings(String host, int port) {

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
    }
}
