package io.warden.server;

import java.util.Locale;
import java.util.Objects;

/**
 * A bearer token that may call the HTTP API, as configured under {@code http.auth.tokens}.
 * {@link #toString()} leaves the secret out so a token can be logged or shown in an error.
 *
 * @param name  who holds it, e.g. {@code oncall} or {@code grafana}; shown in logs and as the
 *              author of the silences it creates
 * @param token the secret, normally {@code ${ENV_VAR}} in the config; at least 16 characters
 * @param role  what it may do
 */
public record ApiToken(String name, String token, Role role) {

    static final int MIN_LENGTH = 16;

    public ApiToken {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("every http.auth.tokens entry needs a name");
        }
        Objects.requireNonNull(role, () -> "http.auth.tokens '" + name + "' needs a role: viewer or operator");
        if (token == null || token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("http.auth.tokens '" + name + "': the token is shorter than " + MIN_LENGTH
                    + " characters; use a random one, e.g. openssl rand -hex 32");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // a client cannot send such a token in a header; usually a newline from a secret file
            throw new IllegalArgumentException("http.auth.tokens '" + name + "': the token contains whitespace or "
                    + "non-ASCII characters (a trailing newline from a secret file?)");
        }
    }

    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", token=****, role=" + role + "]";
    }

    /** What a token may do; an operator may do everything a viewer may. */
    public enum Role {
        /** Reads alerts, findings and silences. */
        VIEWER,
        /** Also creates and expires silences. */
        OPERATOR;

        /** True when this role may do what {@code required} may. */
        public boolean allows(Role required) {
            return compareTo(required) >= 0;
        }

        /** The role named {@code viewer} or {@code operator}, in any case, as written in the config. */
        public static Role of(String name) {
            for (Role r : values()) {
                if (r.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown role '" + name + "': use viewer or operator");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
