package io.warden.notify;

import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the configured channels from the providers on the classpath. */
public final class Notifiers {

    /** Said loudly at start-up: a Warden that pages no one must not look like one that does. */
    public static final String NONE_CONFIGURED = "no notifier configured: alerts go only to the log";

    private static final Logger log = LoggerFactory.getLogger(Notifiers.class);

    private Notifiers() {
    }

    /** Providers by type, found with ServiceLoader in this class's class loader. */
    public static Map<String, NotifierProvider> providers() {
        return providers(Notifiers.class.getClassLoader());
    }

    public static Map<String, NotifierProvider> providers(ClassLoader loader) {
        Map<String, NotifierProvider> byType = new TreeMap<>();
        for (NotifierProvider p : ServiceLoader.load(NotifierProvider.class, loader)) {
            NotifierProvider other = byType.putIfAbsent(p.type(), p);
            if (other != null && other.getClass() != p.getClass()) {
                throw new IllegalStateException("two notifier providers for type '" + p.type() + "': "
                        + other.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return byType;
    }

    /**
     * The channels under {@code notifiers:}, keyed by name, each with a {@code type}. With none
     * configured the result is one log channel named {@code log}; see {@link #warnIfNoneConfigured}.
     *
     * @throws IllegalArgumentException for a missing or unknown type or an invalid setting
     */
    public static List<Notifier> load(Map<String, Map<String, Object>> channels) {
        return load(channels, providers());
    }

    static List<Notifier> load(Map<String, Map<String, Object>> channels, Map<String, NotifierProvider> providers) {
        if (channels == null || channels.isEmpty()) {
            return List.of(new LogNotifier("log"));
        }
        List<Notifier> out = new ArrayList<>();
        channels.forEach((name, settings) -> {
            Map<String, Object> rest = new HashMap<>(settings == null ? Map.of() : settings);
            Object type = rest.remove("type");
            if (type == null) {
                throw new IllegalArgumentException("notifiers." + name + ".type: missing; one of "
                        + String.join(", ", providers.keySet()));
            }
            NotifierProvider provider = providers.get(type.toString());
            if (provider == null) {
                throw new IllegalArgumentException("notifiers." + name + ".type: '" + type
                        + "' is not a known notifier type; known: " + String.join(", ", providers.keySet()));
            }
            out.add(provider.create(name, rest));
        });
        return out;
    }

    /** Logs {@link #NONE_CONFIGURED} at WARN when nothing is configured; returns whether it did. */
    public static boolean warnIfNoneConfigured(Map<String, Map<String, Object>> channels) {
        if (channels == null || channels.isEmpty()) {
            log.warn("event=notifier_missing reason=\"{}\"", NONE_CONFIGURED);
            return true;
        }
        return false;
    }

    /** What {@code warden notify test} sends: plainly a test, and says which channel should work. */
    public static Notification testNotification(String cluster, Instant at) {
        Finding finding = new Finding("notify-test", "notify-test", Severity.INFO, 0,
                "test message from Warden for cluster " + cluster + ": if you read this, the channel works",
                Map.of(), Map.of("sentBy", "warden notify test"));
        Alert alert = new Alert("notify-test", "notify-test", Severity.INFO, cluster, at, at, finding, Map.of(),
                "nothing to do; this message was sent by 'warden notify test'");
        return new Notification(cluster, at, List.of(new AlertEvent(AlertEvent.Type.FIRED, alert, at)));
    }
}
