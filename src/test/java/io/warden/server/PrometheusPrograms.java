package io.warden.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus} and {@code promtool} (package {@code prometheus}, which {@code .ci/run}
 * installs). Where one is missing a test is skipped on a developer's machine and fails in CI
 * ({@code CI} set), so CI never passes by skipping.
 */
final class PrometheusPrograms {

    private PrometheusPrograms() {
    }

    /** The program {@code name} on the PATH (or in /usr/bin). */
    static Path require(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String why = name + " is not installed: apt-get install -y prometheus (.ci/run does)";
        if (System.getenv("CI") != null) {
            fail(why);
        }
        Assumptions.abort(why);
        throw new AssertionError(why);
    }

    /** What a finished program said, stdout and stderr together, and its exit code. */
    record Run(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code dir} with {@code input} on its stdin; fails the test when it takes longer than {@code timeout}. */
    static Run run(Path dir, byte[] input, Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(input);
        }
        var output = new StringBuilder();
        Thread reader = new Thread(() -> output.append(read(p.getInputStream())), command[0] + "-output");
        reader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + timeout);
        }
        reader.join(timeout.toMillis());
        return new Run(p.exitValue(), output.toString());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
