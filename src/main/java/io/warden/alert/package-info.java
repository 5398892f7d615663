/**
 * Alerts: rules that turn findings into a lifecycle (pending, firing, resolved) with thresholds,
 * {@code for:} durations, reminders and silences ({@link io.warden.alert.SilenceService} adds and ends them, audited).
 * Depends on watch's findings and audit's sink only; no Kafka, no CLI.
 */
package io.warden.alert;
