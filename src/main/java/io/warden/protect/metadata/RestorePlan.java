package io.warden.protect.metadata;

import java.util.List;

/**
 * Everything a restore would do and everything it found different, in execution order: topics,
 * then ACLs, then group offsets (their topics exist by then), then Schema Registry subjects (referenced
 * subjects first), then connectors (whose converters may need those schemas).
 */
public record RestorePlan(List<RestoreStep> steps) {

    public List<RestoreStep> changes() {
        return steps.stream().filter(s -> s.kind().changes()).toList();
    }

    public List<RestoreStep> reports() {
        return steps.stream().filter(s -> !s.kind().changes()).toList();
    }

    /** 0 nothing to do, 1 only differences (or skips) to look at, 2 something to create. */
    public int exitCode() {
        return !changes().isEmpty() ? 2 : steps.isEmpty() ? 0 : 1;
    }
}
