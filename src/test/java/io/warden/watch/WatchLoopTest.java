package io.warden.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.warden.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop's lifecycle, and the heartbeat a liveness probe reads from it. */
class WatchLoopTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock(Snapshots.T0);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger collections = new AtomicInteger();
    private WatchLoop loop;

    @AfterEach
    void close() {
        release.countDown();
        if (loop != null) {
            loop.close(Duration.ofSeconds(5));
        }
    }

    /** A loop whose second collection hangs until {@link #release} opens. */
    private WatchLoop loop() {
        Monitor monitor = new Monitor(expected -> {
            if (collections.incrementAndGet() == 2) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Snapshots.at(0).build();
        }, List.of(), new LagEvaluator(CheckSettings.defaults()), 5, Set.of());
        loop = new WatchLoop("c", monitor, Duration.ofMillis(50), List.of(), clock);
        return loop;
    }

    @Test
    void buildingStartsNothingAndALoopStartsOnce() {
        WatchLoop built = loop();

        assertThat(built.stalled(LIMIT)).contains("not started");
        assertThat(collections.get()).isZero();
        built.start();
        assertThatThrownBy(built::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCycleThatHangsStallsTheLoopOnceTheLimitPassesAndItsEndIsABeatAgain() {
        loop().start();
        await().atMost(Duration.ofSeconds(10)).until(() -> collections.get() == 2); // the second cycle hangs

        clock.advance(LIMIT);
        assertThat(loop.stalled(LIMIT)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(loop.stalled(LIMIT)).hasValueSatisfying(why -> assertThat(why).contains("no watch cycle ended for 61s"));

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.stalled(LIMIT).isEmpty());
    }

    @Test
    void closeLetsTheRunningCycleFinishOrSaysItCutItShort() {
        loop().start();
        await().atMost(Duration.ofSeconds(10)).until(() -> collections.get() == 2);

        assertThat(loop.close(Duration.ofMillis(100))).isFalse(); // the hung cycle was interrupted
        assertThat(loop.stalled(LIMIT)).contains("stopped");
        assertThat(loop.close(Duration.ofSeconds(1))).isTrue();
    }
}
