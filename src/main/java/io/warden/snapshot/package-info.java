/**
 * Immutable records of what one watch cycle saw in a cluster: brokers, quorum, partitions, groups,
 * offsets, log dirs, the Kafka Connect status and the TLS security reading. Depends only on the
 * connect and comply packages' records;
 * checks and renderers read these, probes build them.
 */
package io.warden.snapshot;
