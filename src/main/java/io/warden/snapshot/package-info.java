/**
 * Immutable records of what one watch cycle saw in a cluster: brokers, quorum, partitions, groups,
 * offsets and log dirs. Depends on nothing in Warden; checks and renderers read these, probes build them.
 */
package io.warden.snapshot;
