package io.warden.embedded;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;

/**
 * The brokers' SASL/PLAIN password check for {@link SecureKafka}: users added while the cluster
 * runs (Kafka's own PLAIN check reads them from the JAAS config, fixed at startup). Each cluster
 * names its user table in the listener's JAAS options ({@value #TABLE_OPTION}).
 */
public final class PlainUsers implements AuthenticateCallbackHandler {

    static final String TABLE_OPTION = "warden.users";
    private static final Map<String, Map<String, String>> TABLES = new ConcurrentHashMap<>();

    private Map<String, String> users = Map.of();

    static Map<String, String> table(String name) {
        return TABLES.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    }

    static void drop(String name) {
        TABLES.remove(name);
    }

    @Override
    public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        Object name = jaasConfigEntries.get(0).getOptions().get(TABLE_OPTION);
        if (name == null) {
            throw new IllegalArgumentException("the PLAIN JAAS config names no " + TABLE_OPTION);
        }
        users = table(name.toString());
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        String username = null;
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                username = name.getDefaultName();
                continue;
            }
            if (!(callback instanceof PlainAuthenticateCallback plain)) {
                throw new UnsupportedCallbackException(callback);
            }
            String expected = username == null ? null : users.get(username);
            plain.authenticated(expected != null && MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.UTF_8), new String(plain.password()).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void close() {
    }
}
