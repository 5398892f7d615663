/**
 * Dead-letter queue runbooks: inspect what a DLQ holds and why, replay its records to their
 * original topics exactly once (never into another system's topics, see {@code runbook.InfrastructureTopics}),
 * and purge what was replayed. Depends on kafka and Kafka's clients.
 */
package io.warden.runbook.dlq;
