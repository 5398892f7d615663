package io.warden.connect;

import java.util.Locale;

/** The state Connect reports for a connector or a task; {@link #UNKNOWN} for one this version does not know. */
public enum ConnectState {
    UNASSIGNED, RUNNING, PAUSED, STOPPED, FAILED, RESTARTING, DESTROYED, UNKNOWN;

    /** Lenient: a newer Connect may add states, and one unknown state must not lose the whole status. */
    public static ConnectState of(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
