/**
 * Talking to Kafka: connection settings as Kafka's own tools take them, client factories, and the
 * probes that turn Admin API answers into snapshots. Depends on snapshot; nothing else in Warden.
 */
package io.warden.kafka;
