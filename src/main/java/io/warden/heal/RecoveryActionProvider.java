package io.warden.heal;

import java.util.Map;

/**
 * Creates actions of one type, e.g. {@code command}. Warden finds providers with
 * {@link java.util.ServiceLoader}: a plugin is a jar on the classpath that lists its provider class
 * in {@code META-INF/services/io.warden.heal.RecoveryActionProvider}.
 *
 * <p>A provider must have a public no-argument constructor and no state of its own.
 */
public interface RecoveryActionProvider {

    /** The value of {@code action:} that selects this provider. */
    String type();

    /**
     * Builds an action from a playbook step's settings, checking them all before anything runs.
     *
     * @param settings  the step's settings from the config (without {@code action}, {@code retry} and
     *                  {@code verify-cycles}), values as YAML gives them with {@code ${ENV}} substituted
     * @param resources what the action may use to reach the cluster
     * @throws IllegalArgumentException when a setting is missing or invalid; the message names the
     *                                  setting and what is allowed, never a secret value
     */
    RecoveryAction create(Map<String, Object> settings, ActionResources resources);
}
