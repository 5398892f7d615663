/**
 * Protects topic data: {@code backup create} copies topics into a directory or an S3 bucket of
 * checksummed, compressed segment files with a manifest, {@code restore} produces them back exactly
 * once; {@code protect.metadata} saves and compares topic, group, Connect and Schema Registry metadata.
 * Depends on kafka, snapshot, connect, schemaregistry and audit's redactor, the Kafka clients and the
 * AWS SDK's S3 client; the CLI renders its results.
 */
package io.warden.protect;
