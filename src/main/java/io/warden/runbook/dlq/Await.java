package io.warden.runbook.dlq;

import io.warden.WardenException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Waits on an Admin future with a bound; a failure becomes a one-line {@link WardenException}. */
final class Await {

    private Await() {
    }

    static <T> T get(KafkaFuture<T> future, Duration timeout, String what) {
        try {
            // a little longer than the request timeout so the client's own timeout error wins
            return future.get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // a name the cluster does not know is the operator's typo, not an unreachable cluster
            boolean unknown = cause instanceof UnknownTopicOrPartitionException || cause instanceof GroupIdNotFoundException;
            throw new WardenException(unknown ? WardenException.USAGE : WardenException.UNAVAILABLE, "cannot " + what + ": "
                    + (unknown ? "it does not exist in this cluster" : describe(cause)), cause);
        } catch (TimeoutException e) {
            throw new WardenException(WardenException.UNAVAILABLE, "cannot " + what + ": no answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.SOFTWARE, "interrupted while trying to " + what, e);
        }
    }

    static String describe(Throwable e) {
        return io.warden.kafka.Futures.describe(e);
    }
}
