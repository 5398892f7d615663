/**
 * Disaster recovery with MirrorMaker 2: replication health of a source/DR pair against RPO
 * targets, drills, Schema Registry and Connect parity, failover and failback. May use kafka,
 * config, connect, schemaregistry, snapshot, watch, audit, and protect.metadata (its masking of
 * connector secrets).
 */
package io.warden.dr;
