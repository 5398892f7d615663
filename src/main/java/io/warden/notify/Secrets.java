package io.warden.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The secrets of one channel (password, webhook URL and its parts, header values), used to turn
 * any exception into a {@link DeliveryException} whose message has none of them. Libraries put
 * URLs and server replies into their messages, and those messages end up in logs.
 */
final class Secrets {

    private static final String MASK = "****";
    // Shorter strings would mask ordinary words of a message and hide what went wrong.
    private static final int MIN_LENGTH = 4;

    private final List<String> values;

    Secrets(List<String> values) {
        List<String> kept = new ArrayList<>();
        for (String v : values) {
            if (v != null && v.length() >= MIN_LENGTH) {
                kept.add(v);
            }
        }
        kept.sort(Comparator.comparingInt(String::length).reversed()); // mask "a-token-b" before "token"
        this.values = List.copyOf(kept);
    }

    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    /** "what: ExceptionClass: message <- CauseClass: message", scrubbed, without the stack. */
    DeliveryException failure(String what, Throwable e) {
        StringBuilder msg = new StringBuilder(what);
        int depth = 0;
        for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
            msg.append(depth == 0 ? ": " : " <- ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null && !Objects.equals(t.getMessage(), t.getCause() == null ? null : t.getCause().toString())) {
                msg.append(": ").append(t.getMessage());
            }
        }
        return new DeliveryException(scrub(msg.toString()));
    }
}
