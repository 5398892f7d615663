/**
 * Disaster recovery with MirrorMaker 2: replication health of a source/DR pair against RPO
 * targets, drills, Schema Registry and Connect parity, failover and failback. May use kafka,
 * config, connect, schemaregistry, snapshot, watch, audit, protect.metadata (its masking of
 * connector secrets), runbook.groups (a failover commits offsets as a reset does) and
 * runbook.verify (a drill's outcome is a checklist's PASS, WARN or FAIL).
 */
package io.warden.dr;
