package io.warden.notify;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one channel's settings as YAML gave them, and turns a bad value into an error that names
 * the setting by its path in the config file ({@code notifiers.oncall.port}), so the operator can
 * find it. Keys that nobody read are reported too: a misspelt {@code usrname} must not silently
 * send mail without authentication.
 */
final class ChannelSettings {


    private final String path;
    private final Map<String, Object> values;
    private final Set<String> read = new HashSet<>();

    ChannelSettings(String channel, Map<String, Object> values) {
        this.path = "notifiers." + channel;
        this.values = values == null ? Map.of() : values;
        read.add("type");
    }

    Optional<String> string(String key) {
        Object v = raw(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Map || v instanceof List) {
            throw invalid(key, v, "is not a single value");
        }
        String s = v.toString().trim();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    String required(String key, String what) {
        return string(key).orElseThrow(() -> missing(key, what));
    }

    int port(String key, int defaultValue) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        try {
            int port = Integer.parseInt(s.get());
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw invalid(key, s.get(), "is not a port number (1-65535)");
    }

    boolean bool(String key, boolean defaultValue) {
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        return switch (s.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(key, s.get(), "is not a boolean (true or false)");
        };
    }

    /**
     * A positive duration up to {@link io.warden.config.DurationDeserializer#MAX}, written as 500ms,
     * 10s, 2m, 1h, 1d or ISO-8601, as elsewhere in the config.
     */
    Duration duration(String key, Duration defaultValue) {
        Object v = raw(key);
        if (v instanceof Duration d && usable(d)) {
            return d;
        }
        Optional<String> s = string(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        Duration d = parseDuration(s.get());
        if (d == null || !usable(d)) {
            throw invalid(key, s.get(), "is not a positive duration up to 24d (e.g. 500ms, 10s, 2m)");
        }
        return d;
    }

    private static boolean usable(Duration d) {
        return !d.isNegative() && !d.isZero() && d.compareTo(io.warden.config.DurationDeserializer.MAX) <= 0;
    }

    /** A list of strings; a single string is split at commas, as in {@code to: a@x.com, b@x.com}. */
    List<String> list(String key) {
        Object v = raw(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> items)) {
            return string(key).map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList())
                    .orElse(List.of());
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (item == null || item instanceof Map || item instanceof List) {
                throw invalid(key, v, "is not a list of single values");
            }
            out.add(item.toString().trim());
        }
        return out;
    }

    /** A map of strings; values are not echoed in errors, since headers carry tokens. */
    Map<String, String> map(String key) {
        Object v = raw(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> entries)) {
            throw new IllegalArgumentException(path + "." + key + ": is not a map of name: value");
        }
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach((k, val) -> {
            if (val == null || val instanceof Map || val instanceof List) {
                throw new IllegalArgumentException(path + "." + key + "." + k + ": is not a single value");
            }
            out.put(String.valueOf(k), val.toString());
        });
        return out;
    }

    /**
     * An http or https URL with a host; {@code key} names it in errors, which never show the value:
     * webhook URLs carry tokens in their paths and queries.
     */
    URI url(String key, String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw invalidSecret(key, "is not a valid URL (the value is not shown: it may hold a token)");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalidSecret(key, "scheme '" + scheme + "' is not http or https");
        }
        if (url.getHost() == null) {
            throw invalidSecret(key, "has no host (the value is not shown: it may hold a token)");
        }
        return url;
    }

    /** A user name and its password; the password is a secret. */
    record Login(String username, String password) {
        @Override
        public String toString() {
            return "Login[username=" + username + "]";
        }
    }

    /** {@code username} and {@code password}, both or neither; {@code example} shows how to give the password. */
    Optional<Login> login(String example) {
        Optional<String> username = string("username");
        Optional<String> password = string("password");
        if (password.isPresent() && username.isEmpty()) {
            throw invalidSecret("password", "is set but username is not; set both or neither");
        }
        if (username.isPresent() && password.isEmpty()) {
            throw missing("password", "required with username (e.g. password: " + example + ")");
        }
        return username.map(u -> new Login(u, password.get()));
    }

    /** Call last: a key no one read is a typo or a setting of another type. */
    void rejectUnknown() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            Set<String> known = new TreeSet<>(read);
            known.remove("type");
            throw new IllegalArgumentException(path + "." + unknown.iterator().next()
                    + ": unknown setting; allowed: " + String.join(", ", known));
        }
    }

    IllegalArgumentException invalid(String key, Object value, String problem) {
        return new IllegalArgumentException(path + "." + key + ": '" + value + "' " + problem);
    }

    /** For secrets and URLs that may hold tokens: says what is wrong without the value. */
    IllegalArgumentException invalidSecret(String key, String problem) {
        return new IllegalArgumentException(path + "." + key + ": " + problem);
    }

    IllegalArgumentException missing(String key, String what) {
        return new IllegalArgumentException(path + "." + key + ": missing; " + what);
    }

    private Object raw(String key) {
        read.add(key);
        return values.get(key);
    }

    /** The same duration syntax as the rest of the config: 500ms, 30s, 5m, 2h, 1d or ISO-8601. */
    static Duration parseDuration(String text) {
        return io.warden.config.DurationDeserializer.parse(text);
    }
}
