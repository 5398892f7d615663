package io.warden.notify;

/**
 * A channel could not deliver a notification. Its message is safe to log: it says what failed
 * (status, server reply, timeout) and never carries a password, token or header value. It has no
 * cause on purpose, since the causes' messages are not under Warden's control. Line breaks (SMTP
 * replies end with one) become spaces, so that a log line stays one line.
 */
public final class DeliveryException extends Exception {

    public DeliveryException(String message) {
        super(oneLine(message), null, false, true);
    }

    static String oneLine(String text) {
        return text == null ? null : text.replaceAll("\\s+", " ").strip();
    }
}
