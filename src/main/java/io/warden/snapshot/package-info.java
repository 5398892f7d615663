/**
 * Immutable records of what one watch cycle saw in a cluster: brokers, quorum, partitions, groups,
 * offsets, log dirs and the Kafka Connect status. Depends only on the connect package's records;
 * checks and renderers read these, probes build them.
 */
package io.warden.snapshot;
