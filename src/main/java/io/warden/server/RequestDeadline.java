package io.warden.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has not delivered its whole request, headers and body, within the
 * limit after it opened. Jetty's idle timeout alone would let a client that sends one byte every
 * few seconds keep a connection for ever; with one request per connection, this bounds it.
 */
final class RequestDeadline implements Connection.Listener {

    private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

    private final Scheduler scheduler;
    private final Duration limit;
    private final Map<Connection, Scheduler.Task> pending = new ConcurrentHashMap<>();

    RequestDeadline(Scheduler scheduler, Duration limit) {
        this.scheduler = scheduler;
        this.limit = limit;
    }

    @Override
    public void onOpened(Connection connection) {
        // under TLS the HTTP connection opens with the TLS one beneath it, before the handshake, and
        // closing it closes both: the HTTP one is the one a request arrives on
        if (!(connection instanceof SslConnection)) {
            pending.put(connection, scheduler.schedule(() -> expire(connection), limit));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        met(connection);
    }

    /** The request on {@code connection} has been read whole: from now on only the idle timeout applies. */
    void met(Connection connection) {
        Scheduler.Task task = pending.remove(connection);
        if (task != null) {
            task.cancel();
        }
    }

    private void expire(Connection connection) {
        if (pending.remove(connection) != null) {
            var remote = connection.getEndPoint().getRemoteSocketAddress();
            log.debug("event=http_request_timeout remote={} limit_ms={}", remote, limit.toMillis());
            connection.getEndPoint().close();
        }
    }
}
