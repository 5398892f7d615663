package io.warden.cli;

import io.warden.WardenException;
import io.warden.kafka.AccessAdvice;
import io.warden.kafka.AuthenticationAdvice;
import io.warden.kafka.Futures;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The one place where an error that reached the command line becomes a message and an exit code.
 * Warden's own errors carry both; a Kafka client error that a service let through is named by what
 * it means for the operator (Kafka stopped answering: 69; a name it does not know: 64), so no
 * command ends in "unexpected error" because the cluster went away half-way.
 */
final class ErrorMessages {

    private ErrorMessages() {
    }

    /** The error as Warden explains it, or null when it is a defect in Warden (exit 70). */
    static WardenException explain(Throwable e) {
        return explain(e, "this command", AccessAdvice.unknown());
    }

    /**
     * @param command the command that failed, e.g. {@code warden dlq replay}, named in advice
     * @param access  names the ACL lines for the principal the command connected as
     */
    static WardenException explain(Throwable e, String command, AccessAdvice access) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WardenException w) {
                return w;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String what = Futures.describe(t);
            if (t instanceof AuthenticationException) {
                return AuthenticationAdvice.explain(t, null);
            }
            if (t instanceof AuthorizationException refused) {
                return new WardenException(WardenException.UNAVAILABLE, access.refusedFor(command, refused), e);
            }
            if (t instanceof UnknownTopicOrPartitionException || t instanceof UnknownTopicIdException
                    || t instanceof GroupIdNotFoundException || t instanceof InvalidTopicException) {
                return new WardenException(WardenException.USAGE, "Kafka does not know the name (" + what
                        + "): check the topic or group name", e);
            }
            if (t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return new WardenException(WardenException.UNAVAILABLE, "Kafka did not answer (" + what
                        + "): check --bootstrap-server and that the brokers are up and reachable from here, then run the command again", e);
            }
            if (t instanceof ApiException) {
                return new WardenException(WardenException.DATA, "Kafka refused the request (" + what + ")", e);
            }
            if (t instanceof NoSuchFileException f) {
                return new WardenException(WardenException.NO_INPUT, "no such file: " + f.getFile(), e);
            }
            if (t instanceof AccessDeniedException f) {
                return new WardenException(WardenException.NO_INPUT, "permission denied: " + f.getFile(), e);
            }
            if (t instanceof NotDirectoryException f) {
                return new WardenException(WardenException.NO_INPUT, f.getFile() + " is not a directory", e);
            }
            if (t instanceof FileSystemException f) {
                return new WardenException(WardenException.NO_INPUT, "cannot use " + f.getFile()
                        + (f.getReason() == null ? "" : ": " + f.getReason()), e);
            }
        }
        return null;
    }
}
