/**
 * Consumer-group runbooks: list, describe, reset and restore offsets, delete, diagnose lag.
 * Depends on {@code io.warden.kafka} for Admin I/O and {@code io.warden.watch} for lag; pure planners beside the I/O.
 */
package io.warden.runbook.groups;
