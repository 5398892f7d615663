/**
 * Metadata backup and restore: topics with their configs, ACLs, consumer group offsets, Kafka
 * Connect connector configs and Schema Registry subjects to a JSON file, and a restore that creates
 * what is missing and shows, never overwrites, what differs. Depends on kafka, connect,
 * schemaregistry, protect.drift and audit (to tell secrets from other configs).
 */
package io.warden.protect.metadata;
