package io.warden.runbook.groups;

import io.warden.WardenException;
import io.warden.kafka.AccessAdvice;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;

/** Waits for an Admin result within the command's timeout and turns failures into Warden's errors. */
final class AdminCalls {

    private AdminCalls() {
    }

    /**
     * As {@link #await(KafkaFuture, Duration, String)}; a refusal by the authorizer says which ACL
     * {@code what} needs ({@link AccessAdvice#needsForGroup}).
     *
     * @param group  the group the request is about, or null when it names several
     * @param topics the topics it is about, named when the refusal does not say which
     */
    static <T> T await(KafkaFuture<T> future, Duration timeout, String what, AccessAdvice access, AclOperation operation,
                       String group, java.util.Collection<String> topics) {
        try {
            return await(future, timeout, what);
        } catch (WardenException e) {
            AuthorizationException refused = AccessAdvice.authorization(e);
            if (refused == null) {
                throw e;
            }
            throw new WardenException(WardenException.UNAVAILABLE, access.needsForGroup(what, operation, group, topics, refused),
                    refused);
        }
    }

    static <T> T await(KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.UNAVAILABLE, what + ": interrupted", e);
        } catch (TimeoutException e) {
            throw new WardenException(WardenException.UNAVAILABLE, what + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String refused = io.warden.kafka.AccessAdvice.refusal(cause);
            throw new WardenException(WardenException.UNAVAILABLE, what + ": " + (refused == null ? cause.getMessage()
                    : refused + "; docs/permissions.md lists the ACLs each command needs"), cause);
        }
    }
}
