package io.warden.connect;

import io.warden.ServiceUrls;
import io.warden.WardenException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach one Connect cluster: the REST URLs of its workers, tried in order, optional HTTP
 * basic credentials, and a bound on each request.
 *
 * @param workers  worker REST URLs such as {@code http://connect-1:8083}; a path prefix (a proxy) is kept
 * @param username basic auth user, or null for none
 * @param password basic auth password, null exactly when {@code username} is; never printed
 * @param timeout  bound on connecting and on each request
 */
public record ConnectSettings(List<URI> workers, String username, String password, Duration timeout) {

    private static final String WORKER_URL = "Connect worker URL";
    private static final String CREDENTIALS_HINT = "give them as username and password instead";

    public ConnectSettings {
        Objects.requireNonNull(timeout, "timeout");
        if (workers == null || workers.isEmpty()) {
            throw new WardenException(WardenException.CONFIG, "no Connect worker URL given: list at least one, e.g. http://connect:8083");
        }
        List<URI> normalized = new ArrayList<>();
        for (URI w : workers) {
            normalized.add(ServiceUrls.normalize(WORKER_URL, w, CREDENTIALS_HINT));
        }
        workers = List.copyOf(normalized);
        if ((username == null) != (password == null)) {
            throw new WardenException(WardenException.CONFIG, "Connect basic auth needs both a username and a password");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new WardenException(WardenException.CONFIG, "Connect request timeout must be positive, was " + timeout);
        }
    }

    /** Workers without authentication. */
    public static ConnectSettings of(List<String> urls, Duration timeout) {
        return new ConnectSettings(urls.stream().map(u -> ServiceUrls.parse(WORKER_URL, u, CREDENTIALS_HINT)).toList(), null, null, timeout);
    }

    /** As a config section names a Connect cluster: basic auth when {@code username} is not null. */
    public static ConnectSettings of(List<String> urls, String username, String password, Duration timeout) {
        ConnectSettings s = of(urls, timeout);
        return username == null ? s : s.withBasicAuth(username, password);
    }

    public ConnectSettings withBasicAuth(String username, String password) {
        return new ConnectSettings(workers, username, password, timeout);
    }

    public boolean basicAuth() {
        return username != null;
    }

    @Override
    public String toString() {
        return "ConnectSettings[workers=" + workers + ", username=" + username
                + ", password=" + (password == null ? null : "[hidden]") + ", timeout=" + timeout + "]";
    }
}
