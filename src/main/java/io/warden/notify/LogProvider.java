package io.warden.notify;

import java.util.Map;

/** Type {@code log}: one log line per alert event; no settings. Always works, so it is the fallback. */
public final class LogProvider implements NotifierProvider {

    @Override
    public String type() {
        return "log";
    }

    @Override
    public Notifier create(String name, Map<String, Object> settings) {
        new ChannelSettings(name, settings).rejectUnknown();
        return new LogNotifier(name);
    }
}
