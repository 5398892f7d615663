/**
 * Runbooks an operator runs by hand: consumer groups and offsets, lag diagnosis, topics and topics-as-code,
 * dead-letter queues, duplicate detection, cleanup and post-change verification (one subpackage each).
 * Services here talk to Kafka through the kafka package's connection, reuse watch checks and comply's
 * security status, read config and protect.metadata, and record changes to an audit sink; no CLI code.
 * {@link io.warden.runbook.InfrastructureTopics} is the one list of topics other systems keep their state in.
 */
package io.warden.runbook;
