/**
 * The audit trail: an append-only JSON-lines record of everything Warden saw, decided and did, the
 * {@link io.warden.audit.AuditSink} services write to, and reading it back. Depends on nothing in Warden
 * but the root package.
 */
package io.warden.audit;
