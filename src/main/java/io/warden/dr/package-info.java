/**
 * Disaster recovery with MirrorMaker 2: replication health of a source/DR pair against RPO
 * targets, drills, failover and failback. May use kafka, config, connect, schemaregistry, snapshot, watch, audit,
 * and runbook.groups (a failover commits offsets as a reset does).
 */
package io.warden.dr;
