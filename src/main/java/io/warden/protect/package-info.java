/**
 * Protects topic data: {@code backup create} copies topics into a directory or an S3 bucket of
 * checksummed, compressed segment files with a manifest, {@code restore} produces them back exactly
 * once. Depends on the {@code kafka} layer, the Kafka clients and the AWS SDK's S3 client only; the
 * CLI renders its results.
 */
package io.warden.protect;
