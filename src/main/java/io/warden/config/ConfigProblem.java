package io.warden.config;

import java.util.Map;

/**
 * One thing wrong with a config file: where (line and column, 1-based; 0 when unknown), which
 * field, and what is wrong and allowed.
 */
public record ConfigProblem(String source, int line, int column, String field, String message) {

    /**
     * A problem of {@code field}, placed where the field (or, when it was not written, the nearest
     * section above it) starts in the document.
     *
     * @param positions where each field starts: line and column, by dotted path
     */
    static ConfigProblem at(String source, Map<String, int[]> positions, String field, String message) {
        int[] at = positions.get(field);
        for (String f = field; at == null && f.contains("."); f = f.substring(0, f.lastIndexOf('.'))) {
            at = positions.get(f.substring(0, f.lastIndexOf('.')));
        }
        return new ConfigProblem(source, at == null ? 0 : at[0], at == null ? 0 : at[1], field, message);
    }

    @Override
    public String toString() {
        return source + (line > 0 ? ":" + line + ":" + column : "") + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }

    /**
     * The problems of one file as an error message: a single problem is one line (it names the file,
     * line and column itself); several are "N problems in FILE:" and one line each.
     */
    public static String describe(Object source, java.util.List<ConfigProblem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        return problems.size() + " problems in " + source + ":\n  "
                + problems.stream().map(ConfigProblem::toString).collect(java.util.stream.Collectors.joining("\n  "));
    }
}
