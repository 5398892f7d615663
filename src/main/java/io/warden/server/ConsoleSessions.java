package io.warden.server;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web console's logins: a random session id, kept in an {@code HttpOnly; SameSite=Strict}
 * cookie, stands for the token the operator logged in with (its name and role, never the token
 * itself) until it expires or the operator logs out. Each session has its own CSRF token, which the
 * console's scripts send in {@link #CSRF_HEADER} with every change; a page of another site can
 * neither read it nor, with a SameSite cookie, send the cookie.
 */
final class ConsoleSessions {

    static final String COOKIE = "warden_session";
    static final String CSRF_HEADER = "X-Warden-CSRF";
    static final Duration LIFETIME = Duration.ofHours(8);
    /** A login costs memory until it expires: past this many, the oldest session goes first. */
    private static final int MAX_SESSIONS = 10_000;

    /** One login; {@code csrf} is the token its changes must carry. */
    record Session(String id, BearerAuth.Caller caller, String csrf, Instant expiresAt) {

        /** True when {@code presented} is this session's CSRF token, compared in constant time. */
        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private final Clock clock;
    private final boolean secure;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new LinkedHashMap<>(); // insertion order: the oldest first

    /** @param secure served over TLS: the cookie is marked {@code Secure} */
    ConsoleSessions(Clock clock, boolean secure) {
        this.clock = clock;
        this.secure = secure;
    }

    /** A new session for {@code caller}, who has just presented a valid token. */
    synchronized Session open(BearerAuth.Caller caller) {
        dropExpired();
        if (byId.size() >= MAX_SESSIONS) {
            Iterator<String> oldest = byId.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        Session s = new Session(randomToken(), caller, randomToken(), clock.instant().plus(LIFETIME));
        byId.put(s.id(), s);
        return s;
    }

    /** The session with this id, or null when there is none or it has expired. */
    synchronized Session find(String id) {
        if (id == null) {
            return null;
        }
        Session s = byId.get(id);
        if (s != null && !clock.instant().isBefore(s.expiresAt())) {
            byId.remove(id);
            return null;
        }
        return s;
    }

    synchronized void close(Session session) {
        byId.remove(session.id());
    }

    /** The {@code Set-Cookie} value that gives the browser {@code session}. */
    String cookie(Session session) {
        return COOKIE + "=" + session.id() + "; Path=/; Max-Age=" + LIFETIME.toSeconds() + attributes();
    }

    /** The {@code Set-Cookie} value that makes the browser forget its session. */
    String clearedCookie() {
        return COOKIE + "=; Path=/; Max-Age=0" + attributes();
    }

    private String attributes() {
        return "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private void dropExpired() {
        Instant now = clock.instant();
        byId.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
