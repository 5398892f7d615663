package io.warden.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured tokens. Only SHA-256 digests
 * of the tokens are kept, and a presented token is compared with every one of them in constant
 * time, so neither the position of the first wrong byte, nor a token's length, nor which token
 * matched shows in the response time.
 */
final class BearerAuth {

    private static final String SCHEME = "bearer ";

    private final List<Known> known;

    private record Known(byte[] digest, Caller caller) {
    }

    BearerAuth(List<ApiToken> tokens) {
        known = tokens.stream().map(t -> new Known(sha256(t.token()), new Caller(t.name(), t.role()))).toList();
    }

    /**
     * The caller holding the token in these {@code Authorization} header values, or null when there
     * is none, it is malformed, or it is unknown.
     */
    Caller authenticate(List<String> authorization) {
        if (authorization == null || authorization.size() != 1) {
            return null;
        }
        String header = authorization.get(0);
        if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        byte[] presented = sha256(header.substring(SCHEME.length()).trim());
        Caller match = null;
        for (Known k : known) {
            // no early exit: every request costs the same whichever token, if any, it matches
            if (MessageDigest.isEqual(k.digest(), presented)) {
                match = k.caller();
            }
        }
        return match;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Who is calling, as far as the API needs to know: never the token itself.
     *
     * @param name          the token's configured name
     * @param authenticated presented a configured token (false only for {@link #ANONYMOUS})
     */
    record Caller(String name, ApiToken.Role role, boolean authenticated) {

        /** The caller when auth is off: may do anything, shown as anonymous, but proved nothing. */
        static final Caller ANONYMOUS = new Caller("anonymous", ApiToken.Role.OPERATOR, false);

        Caller(String name, ApiToken.Role role) {
            this(name, role, true);
        }
    }
}
