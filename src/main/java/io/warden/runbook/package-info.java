/**
 * Runbooks an operator runs by hand: topics and topics-as-code, cleanup, post-change verification.
 * Services here talk to Kafka through the kafka package's connection and reuse watch checks; no CLI code.
 */
package io.warden.runbook;
