/**
 * The HTTP face of the {@code warden watch} daemon: {@code /metrics} in Prometheus text format and {@code /health}.
 * Depends only on the snapshot records and the watch results (CycleResult, Finding, ...); never on the kafka package.
 */
package io.warden.server;
