package io.warden.config;

import io.warden.WardenException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A config file as read: the config (null when it has problems), every problem, where each field
 * stands in the file, and what the environment put into it, so that a later check of the same
 * config (the daemon's own) can name file, line and field, and show {@code ${VAR}} instead of a
 * secret.
 */
public final class LoadedConfig {

    private final Path file;
    private final WardenConfig config;
    private final List<ConfigProblem> problems;
    private final Map<String, int[]> positions;
    private final EnvSubstitution env;

    LoadedConfig(Path file, WardenConfig config, List<ConfigProblem> problems, Map<String, int[]> positions,
                 EnvSubstitution env) {
        this.file = file;
        this.problems = problems.stream().map(p -> new ConfigProblem(p.source(), p.line(), p.column(), p.field(),
                env.mask(p.message()))).toList();
        this.config = this.problems.isEmpty() ? config : null;
        this.positions = Map.copyOf(positions);
        this.env = env;
    }

    /** A config that was not read from a file: its problems have no place, and nothing is masked. */
    public static LoadedConfig of(WardenConfig config) {
        return new LoadedConfig(null, config, List.of(), Map.of(), EnvSubstitution.none());
    }

    public Path file() {
        return file;
    }

    /** The config; a {@link WardenException} (78) listing every problem when there are any. */
    public WardenConfig config() {
        if (!problems.isEmpty()) {
            throw new WardenException(WardenException.CONFIG, describe(problems));
        }
        return config;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** A problem found later in {@code field}, at its place in the file, with no secret in it. */
    public ConfigProblem problem(String field, String message) {
        return ConfigProblem.at(file == null ? "config" : file.toString(), positions, field, env.mask(message));
    }

    /** The text with every value the environment put into the config shown as its {@code ${VAR}}. */
    public String mask(String text) {
        return env.mask(text);
    }

    /** One line for one problem; "N problems in FILE:" and one line each for more. */
    public String describe(List<ConfigProblem> list) {
        return ConfigProblem.describe(file == null ? "the config" : file, list);
    }
}
