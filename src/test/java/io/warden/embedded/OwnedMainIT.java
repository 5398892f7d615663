package io.warden.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A child JVM started through {@link OwnedMain} runs its main class and halts once its owner is gone. */
class OwnedMainIT {

    private Process owner;
    private Process child;

    /** A main that runs until the JVM is stopped, as a daemon does. */
    public static final class RunsForever {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("running " + String.join(" ", args));
            new CountDownLatch(1).await();
        }
    }

    private static Process owned(long ownerPid) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), OwnedMain.class.getName(),
                Long.toString(ownerPid), RunsForever.class.getName(), "a", "b").redirectErrorStream(true).start();
    }

    @AfterEach
    void kill() {
        for (Process p : new Process[] {owner, child}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theChildRunsItsMainAndHaltsWhenTheOwnerIsKilled() throws Exception {
        owner = new ProcessBuilder(List.of("sleep", "120")).start();
        child = owned(owner.pid());
        String said = new String(child.getInputStream().readNBytes("running a b".length()));
        assertThat(said).isEqualTo("running a b");
        assertThat(child.isAlive()).isTrue();

        owner.destroyForcibly();

        await().atMost(Duration.ofSeconds(15)).until(() -> !child.isAlive());
        assertThat(child.exitValue()).isEqualTo(3);
    }

    @Test
    void aChildWhoseOwnerIsAlreadyGoneHaltsAtOnce() throws Exception {
        owner = new ProcessBuilder(List.of("true")).start();
        owner.waitFor();
        child = owned(owner.pid());

        await().atMost(Duration.ofSeconds(15)).until(() -> !child.isAlive());
        assertThat(child.exitValue()).isEqualTo(3);
    }
}
