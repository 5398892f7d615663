package io.warden.heal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a configured program, the way operators restart a broker ({@code systemctl restart kafka},
 * {@code ssh host ...}, an Ansible playbook): no shell, arguments templated from the alert
 * ({@code {broker.id}}, {@code {broker.host}}, any label), its own environment, working directory
 * and timeout. A value missing or not of its placeholder's shape ({@link PlaceholderValues}) is
 * refused before anything runs. Exit code 0 is done; anything else or a timeout is failed. Output
 * (stdout and stderr together) is kept up to {@link #MAX_OUTPUT} characters, its end, with secrets
 * masked ({@link SecretMask}).
 *
 * <p>The program does not inherit the daemon's environment, which holds its tokens and its SMTP,
 * SASL and keystore passwords: it gets {@link #PASSED_ON} as the daemon has them, and the step's
 * {@code env:}.
 */
final class CommandAction implements RecoveryAction {

    static final int MAX_OUTPUT = 4_000;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");
    /** What a program needs to be found and to read and print text as the daemon does; nothing secret. */
    static final List<String> PASSED_ON = List.of("PATH", "HOME", "LANG", "TZ");

    private final String type;
    private final boolean affectsBrokers;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path workdir;
    private final Duration timeout;
    private final Map<String, String> inherited;
    private final SecretMask mask;

    /** @param daemonEnv the daemon's environment ({@link System#getenv()}): what is passed on, and what to mask */
    CommandAction(String type, boolean affectsBrokers, List<String> command, Map<String, String> env, Path workdir,
                  Duration timeout, Map<String, String> daemonEnv) {
        this.type = type;
        this.affectsBrokers = affectsBrokers;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.workdir = workdir;
        this.timeout = timeout;
        Map<String, String> passed = new java.util.LinkedHashMap<>();
        PASSED_ON.forEach(name -> {
            if (daemonEnv.get(name) != null) {
                passed.put(name, daemonEnv.get(name));
            }
        });
        this.inherited = Map.copyOf(passed);
        this.mask = SecretMask.ofSecretsIn(daemonEnv).and(env.values());
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public boolean affectsBrokers() {
        return affectsBrokers;
    }

    @Override
    public String refusal(ActionRequest request) {
        return argv(request.target()).refusal();
    }

    @Override
    public ActionResult run(ActionRequest request) throws InterruptedException {
        long start = System.nanoTime();
        Argv templated = argv(request.target());
        if (templated.refusal() != null) {
            return ActionResult.failed(templated.refusal(), ActionResult.since(start));
        }
        List<String> argv = templated.args();
        Path log = null;
        Process process = null;
        try {
            log = Files.createTempFile("warden-action-", ".log");
            var builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(inherited);
            builder.environment().putAll(env);
            if (workdir != null) {
                builder.directory(workdir.toFile());
            }
            process = builder.start();
            process.getOutputStream().close(); // nothing to say to it: a program waiting for input must not hang
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                return new ActionResult(ActionResult.Outcome.FAILED, null, "timed out after " + timeout + "; stopped it\n"
                        + output(log), ActionResult.since(start));
            }
            int exit = process.exitValue();
            return new ActionResult(exit == 0 ? ActionResult.Outcome.DONE : ActionResult.Outcome.FAILED, exit, output(log),
                    ActionResult.since(start));
        } catch (InterruptedException e) {
            if (process != null) {
                stop(process);
            }
            Thread.currentThread().interrupt();
            return new ActionResult(ActionResult.Outcome.INTERRUPTED, null, "stopped because Warden is shutting down\n"
                    + output(log), ActionResult.since(start));
        } catch (IOException e) {
            return ActionResult.failed("cannot run " + argv.get(0) + ": " + e.getMessage(), ActionResult.since(start));
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** The program and its arguments for a target, or why none may be made from it. */
    private record Argv(List<String> args, String refusal) {
    }

    private Argv argv(Map<String, String> target) {
        List<String> argv = new ArrayList<>();
        for (String arg : command) {
            Matcher m = PLACEHOLDER.matcher(arg);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String value = target.get(name);
                if (value == null) {
                    return new Argv(null, "argument '" + arg + "' needs {" + name + "}, which this alert does not have; "
                            + "known: " + new TreeSet<>(target.keySet()));
                }
                String problem = PlaceholderValues.problem(name, value);
                if (problem != null) {
                    return new Argv(null, "will not run " + type + ": " + problem);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            argv.add(out.toString());
        }
        return new Argv(argv, null);
    }

    /** Stops the program and everything it started (an ssh or ansible child outlives its parent otherwise). */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String output(Path log) {
        if (log == null) {
            return "";
        }
        String text;
        try {
            text = Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
        text = mask.apply(text).strip();
        return text.length() <= MAX_OUTPUT ? text : "[... " + (text.length() - MAX_OUTPUT) + " characters before]\n"
                + text.substring(text.length() - MAX_OUTPUT);
    }

}
