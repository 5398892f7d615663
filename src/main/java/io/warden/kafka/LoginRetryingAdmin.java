package io.warden.kafka;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.apache.kafka.clients.admin.Admin;

/**
 * An Admin client made on first use, for a daemon that must start while the service its login
 * needs (an OAUTHBEARER token endpoint, a Kerberos KDC) does not answer: Kafka logs in while it
 * makes the client, so until a login succeeds every call tries again and fails with the one-line
 * reason, which the watch cycle reports.
 */
final class LoginRetryingAdmin implements InvocationHandler {

    private final ConnectionSettings settings;
    private Admin delegate;

    private LoginRetryingAdmin(ConnectionSettings settings) {
        this.settings = settings;
    }

    static Admin of(ConnectionSettings settings) {
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                new LoginRetryingAdmin(settings));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args, settings);
        }
        Admin admin = method.getName().equals("close") ? made() : make();
        if (admin == null) {
            return null; // closing what was never made
        }
        try {
            return method.invoke(admin, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** {@code equals}, {@code hashCode} and {@code toString} of an Admin proxy: its identity, and which cluster it is for. */
    static Object objectMethod(Object proxy, Method method, Object[] args, ConnectionSettings settings) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "Admin for " + settings.bootstrapServers();
        };
    }

    private synchronized Admin made() {
        return delegate;
    }

    private synchronized Admin make() {
        if (delegate == null) {
            delegate = KafkaConnection.create(settings);
        }
        return delegate;
    }
}
