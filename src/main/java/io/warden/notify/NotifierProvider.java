package io.warden.notify;

import java.util.Map;

/**
 * Creates channels of one type, e.g. {@code email}. Warden finds providers with
 * {@link java.util.ServiceLoader}: a plugin is a jar on the classpath that lists its provider class
 * in {@code META-INF/services/io.warden.notify.NotifierProvider}.
 *
 * <p>A provider must have a public no-argument constructor and no state of its own.
 */
public interface NotifierProvider {

    /** The value of {@code type:} that selects this provider, e.g. {@code email} or {@code webhook}. */
    String type();

    /**
     * Builds a channel from its settings, checking them all before anything is sent.
     *
     * @param name     the channel's name, the key under {@code notifiers:}
     * @param settings the channel's settings from the config file, without {@code type}; values are
     *                 what YAML gives (strings, numbers, booleans, lists, maps) with {@code ${ENV}}
     *                 already substituted
     * @throws IllegalArgumentException when a setting is missing, unknown or invalid; the message
     *                                  names the setting, the bad value (unless it is a secret) and
     *                                  what is allowed
     */
    Notifier create(String name, Map<String, Object> settings);
}
