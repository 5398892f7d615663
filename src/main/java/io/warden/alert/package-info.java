/**
 * Alerts: rules that turn findings into a lifecycle (pending, firing, resolved) with thresholds,
 * {@code for:} durations, reminders and silences. Depends on watch records only; no I/O.
 */
package io.warden.alert;
