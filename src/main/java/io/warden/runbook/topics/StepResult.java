package io.warden.runbook.topics;

/** How one executed step ended: {@code ok}, or the error Kafka gave. */
public record StepResult(TopicChange change, boolean ok, String message) {
}
