package io.warden.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * One configured channel that tells people about alerts, e.g. the {@code oncall-email} channel of
 * type {@code email}. Instances come from a {@link NotifierProvider}.
 *
 * <p>Warden calls {@link #send} from one thread per channel, so an implementation need not be
 * thread-safe, and a slow channel delays only itself. It retries failed sends with backoff, so
 * {@code send} should make one attempt, bounded by a timeout, and throw when it did not succeed.
 *
 * <p>Warden logs the messages of the exceptions {@code send} throws (and of their causes): they
 * must not contain secrets such as passwords, tokens in URLs, or header values.
 */
public interface Notifier extends AutoCloseable {

    /** The channel's name as configured (the key under {@code notifiers:}); used in logs and metrics. */
    String name();

    /**
     * Delivers one notification, all its events in one message. Returns only when the message was
     * accepted by the other side (SMTP server, HTTP endpoint).
     *
     * @throws Exception when it was not; the message says why, without secrets
     */
    void send(Notification notification) throws Exception;

    /**
     * How often this channel must be told again of every alert still firing, or empty (the default)
     * when it is told of changes only. A channel that forgets an alert it is not told of again (an
     * Alertmanager resolves it after its {@code resolve_timeout}) returns the interval; Warden then
     * re-sends the firing alerts on the first watch cycle after it, as {@code REMINDER} events.
     */
    default Optional<Duration> resendInterval() {
        return Optional.empty();
    }

    /** Releases connections and threads; the default has none to release. */
    @Override
    default void close() {
    }
}
