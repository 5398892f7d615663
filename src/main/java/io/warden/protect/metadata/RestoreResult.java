package io.warden.protect.metadata;

/** How one executed restore step went. */
public record RestoreResult(RestoreStep step, boolean ok, String message) {
}
