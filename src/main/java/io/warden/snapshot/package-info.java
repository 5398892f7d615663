/**
 * Immutable records of what one watch cycle saw in a cluster: brokers, quorum, partitions, groups,
 * offsets, log dirs, the Kafka Connect status, the TLS security reading and the DR pair's replication
 * health. Depends only on the connect, comply and dr packages' records;
 * checks and renderers read these, probes build them.
 */
package io.warden.snapshot;
