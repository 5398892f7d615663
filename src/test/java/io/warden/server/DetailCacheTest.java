package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Reads that cost are made once per key while fresh, and a caller waits for one at most the wait. */
class DetailCacheTest {

    private static final Duration FRESH = Duration.ofSeconds(30);
    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final AtomicInteger reads = new AtomicInteger();

    private Function<String, String> counted(Function<String, String> read) {
        return key -> {
            reads.incrementAndGet();
            return read.apply(key);
        };
    }

    @Test
    void anAnswerIsKeptWhileFreshThenReadAgain() {
        var cache = new DetailCache<String, String>(clock, FRESH, Duration.ofSeconds(1), Runnable::run);
        var read = counted(key -> key + "@" + clock.instant());

        assertThat(cache.get("orders.dlq", read)).isEqualTo("orders.dlq@" + T0);
        clock.advance(FRESH.minusSeconds(1));
        assertThat(cache.get("orders.dlq", read)).isEqualTo("orders.dlq@" + T0);
        assertThat(reads).hasValue(1);
        assertThat(cache.get("payments.dlq", read)).startsWith("payments.dlq@");
        assertThat(reads).hasValue(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("orders.dlq", read)).isEqualTo("orders.dlq@" + clock.instant());
        assertThat(reads).hasValue(3);
    }

    @Test
    void aSlowReadHoldsTheCallerAtMostTheWaitAndIsNotStartedTwice() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        Executor ownThread = task -> new Thread(task, "test-read").start();
        var cache = new DetailCache<String, String>(clock, FRESH, Duration.ofMillis(200), ownThread);
        var read = counted(key -> {
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "read " + key;
        });

        long started = System.nanoTime();
        assertThatThrownBy(() -> cache.get("billing", read)).isInstanceOf(DetailCache.NotYet.class)
                .hasMessageContaining("still reading");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> cache.get("billing", read)).isInstanceOf(DetailCache.NotYet.class);

        answer.countDown();
        assertThat(cache.get("billing", read)).isEqualTo("read billing");
        assertThat(reads).as("the asks while it read waited for the same read").hasValue(1);
    }

    @Test
    void aFailureIsKeptAsLongAsAnAnswerSoABrokenClusterIsNotAskedOnEveryPoll() {
        var cache = new DetailCache<String, String>(clock, FRESH, Duration.ofSeconds(1), Runnable::run);
        var read = counted(key -> {
            throw new WardenException(WardenException.UNAVAILABLE, "cannot reach Kafka");
        });

        assertThatThrownBy(() -> cache.get("orders.dlq", read)).isInstanceOf(WardenException.class)
                .hasMessage("cannot reach Kafka");
        assertThatThrownBy(() -> cache.get("orders.dlq", read)).isInstanceOf(WardenException.class);
        assertThat(reads).hasValue(1);

        clock.advance(FRESH);
        assertThatThrownBy(() -> cache.get("orders.dlq", read)).isInstanceOf(WardenException.class);
        assertThat(reads).hasValue(2);
    }

    @Test
    void whenNoReaderIsFreeTheAskIsRefusedAndTheNextOneReads() {
        AtomicBoolean busy = new AtomicBoolean(true);
        Executor pool = task -> {
            if (busy.get()) {
                throw new RejectedExecutionException("full");
            }
            task.run();
        };
        var cache = new DetailCache<String, String>(clock, FRESH, Duration.ofSeconds(1), pool);
        var read = counted(key -> "read " + key);

        assertThatThrownBy(() -> cache.get("billing", read)).isInstanceOf(DetailCache.NotYet.class)
                .hasMessageContaining("busy");
        busy.set(false);
        assertThat(cache.get("billing", read)).isEqualTo("read billing");
        assertThat(reads).hasValue(1);
    }
}
