/**
 * Self-healing: playbooks of recovery actions for firing alerts, decided as values by a pure
 * policy (grace, budget, cooldown, blast radius), run one healing thread per cluster, verified by
 * later cycles, persisted across restarts, audited, and escalated to a human when they cannot help.
 * May depend on {@code alert}, {@code audit}, {@code config}, {@code connect}, {@code notify},
 * {@code snapshot}, {@code watch} and the Kafka clients.
 */
package io.warden.heal;
