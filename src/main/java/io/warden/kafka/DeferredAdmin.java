package io.warden.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/**
 * A cluster's Kafka Admin client, made when the part that uses it starts ({@link #open()}) and
 * closed when it stops ({@link #close(Duration)}): Kafka starts the client's network thread as it
 * makes it, so building the daemon starts none, and in a fleet a client exists only while this
 * instance owns the cluster. What is built before it opens (probes, playbooks) holds {@link #client()},
 * which calls the open client; a call while none is open fails, as the part that made it is not running.
 */
public final class DeferredAdmin implements InvocationHandler {

    private final ConnectionSettings settings;
    private final Admin client;
    private Admin open;

    /** @param settings checked already ({@link KafkaConnection#check}), so opening fails only for a login */
    public DeferredAdmin(ConnectionSettings settings) {
        this.settings = settings;
        this.client = (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class}, this);
    }

    /** The client as the parts built before it opens hold it. */
    public Admin client() {
        return client;
    }

    /** Makes the client, unless it is open; a login that fails is tried again on first use. */
    public synchronized void open() {
        if (open == null) {
            open = KafkaConnection.createRetryingLogin(settings);
        }
    }

    /** Closes the client within {@code wait}; it can be opened again. Nothing happens when it is not open. */
    public void close(Duration wait) {
        Admin closing;
        synchronized (this) {
            closing = open;
            open = null;
        }
        if (closing != null) {
            closing.close(wait);
        }
    }

    private synchronized Admin current() {
        if (open == null) {
            throw new IllegalStateException("the Admin client of " + settings.bootstrapServers() + " is not open: the part that "
                    + "uses it has not started or has stopped");
        }
        return open;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return LoginRetryingAdmin.objectMethod(proxy, method, args, settings);
        }
        if (method.getName().equals("close")) {
            close(args == null || args.length == 0 ? Duration.ofSeconds(30) : (Duration) args[0]);
            return null;
        }
        try {
            return method.invoke(current(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
