/**
 * The review report: what alerting, self-healing, notifications and the watch loop did over a period, computed from the audit trail.
 * Pure functions of audit events; depends only on {@code audit} (and {@code watch}'s number formats), never on Kafka.
 */
package io.warden.report;
