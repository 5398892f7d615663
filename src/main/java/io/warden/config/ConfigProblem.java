package io.warden.config;

/**
 * One thing wrong with a config file: where (line and column, 1-based; 0 when unknown), which
 * field, and what is wrong and allowed.
 */
public record ConfigProblem(String source, int line, int column, String field, String message) {

    @Override
    public String toString() {
        return source + (line > 0 ? ":" + line + ":" + column : "") + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
