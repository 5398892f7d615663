package io.warden.embedded;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs many keytool command lines in one JVM: starting a JVM per keytool call would make the
 * certificates of one secure cluster take longer than the cluster itself. Each line of the file
 * named by the only argument is one keytool call, its arguments separated by tabs. keytool exits
 * the JVM with status 1 on its first error, which fails the whole batch.
 */
public final class KeytoolBatch {

    private KeytoolBatch() {
    }

    public static void main(String[] args) throws Exception {
        var keytool = Class.forName("sun.security.tools.keytool.Main").getMethod("main", String[].class);
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        for (String line : lines) {
            if (!line.isBlank()) {
                keytool.invoke(null, (Object) line.split("\t"));
            }
        }
    }
}
