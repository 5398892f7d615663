/**
 * Protects topic data: {@code backup create} copies topics into a directory of checksummed,
 * compressed segment files with a manifest, {@code restore} produces them back exactly once.
 * Depends on the {@code kafka} layer and the Kafka clients only; the CLI renders its results.
 */
package io.warden.protect;
