/**
 * Alerts: rules that turn findings into a lifecycle (pending, firing, resolved) with thresholds,
 * {@code for:} durations, reminders and silences. Depends on watch's findings only; no Kafka, no CLI.
 */
package io.warden.alert;
