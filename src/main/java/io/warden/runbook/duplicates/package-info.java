/**
 * Finding duplicate events in a topic (the same event id delivered more than once), with memory
 * bounded by hash-partitioned passes. Depends on kafka and Kafka's clients.
 */
package io.warden.runbook.duplicates;
