/**
 * Metadata backup and restore: topics with their configs, ACLs, consumer group offsets and Kafka
 * Connect connector configs to a JSON file, and a restore that creates what is missing and shows,
 * never overwrites, what differs. Depends on kafka, connect and protect.drift.
 */
package io.warden.protect.metadata;
