package io.warden.connect;

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

    public ConnectSettings {
        Objects.requireNonNull(timeout, "timeout");
        if (workers == null || workers.isEmpty()) {
            throw new WardenException(WardenException.CONFIG, "no Connect worker URL given: list at least one, e.g. http://connect:8083");
        }
        List<URI> normalized = new ArrayList<>();
        for (URI w : workers) {
            normalized.add(normalize(w));
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
        return new ConnectSettings(urls.stream().map(ConnectSettings::parse).toList(), null, null, timeout);
    }

    public ConnectSettings withBasicAuth(String username, String password) {
        return new ConnectSettings(workers, username, password, timeout);
    }

    public boolean basicAuth() {
        return username != null;
    }

    private static URI parse(String url) {
        try {
            return URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            // the text may hold credentials someone pasted into it: name the problem, not the URL
            throw new WardenException(WardenException.CONFIG, "Connect worker URL is not a valid URL: " + e.getClass().getSimpleName());
        }
    }

    private static URI normalize(URI url) {
        String scheme = url.getScheme();
        if (url.getRawUserInfo() != null) {
            throw new WardenException(WardenException.CONFIG, "Connect worker URL " + scheme + "://" + url.getHost()
                    + " carries credentials: give them as username and password instead");
        }
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
            throw new WardenException(WardenException.CONFIG, "Connect worker URL " + url
                    + " is not http(s)://host[:port]");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            // queries may carry tokens: name the worker without them
            throw new WardenException(WardenException.CONFIG, "Connect worker URL " + scheme + "://" + url.getRawAuthority()
                    + " must not have a query or fragment");
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    @Override
    public String toString() {
        return "ConnectSettings[workers=" + workers + ", username=" + username
                + ", password=" + (password == null ? null : "[hidden]") + ", timeout=" + timeout + "]";
    }
}
