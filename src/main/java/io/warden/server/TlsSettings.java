package io.warden.server;

import io.warden.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Serve HTTPS with the key and certificate in a keystore. {@link #toString()} leaves the password out.
 *
 * @param keystore the keystore file holding one private key and its certificate chain
 * @param password the keystore's password, also the key's (as in every PKCS12 file); normally {@code ${ENV_VAR}}
 * @param type     the keystore type; null means {@code PKCS12}
 */
public record TlsSettings(Path keystore, String password, String type) {

    public TlsSettings {
        Objects.requireNonNull(keystore, "http.tls.keystore");
        password = password == null ? "" : password;
        type = type == null || type.isBlank() ? "PKCS12" : type.trim();
    }

    @Override
    public String toString() {
        return "TlsSettings[keystore=" + keystore + ", password=****, type=" + type + "]";
    }

    /** An SSL context serving the keystore's key; fails naming the keystore, never the password. */
    SSLContext sslContext() {
        char[] secret = password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, secret);
            if (Collections.list(store.aliases()).stream().noneMatch(a -> isKey(store, a))) {
                throw failure("holds no private key; create one with keytool -genkeypair", null);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (NoSuchFileException e) {
            throw failure("does not exist", e);
        } catch (IOException | GeneralSecurityException e) {
            throw failure("cannot be opened (" + scrub(e.getMessage()) + "); check http.tls.password and http.tls.type", e);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private WardenException failure(String what, Exception cause) {
        return new WardenException(WardenException.CONFIG, "http.tls.keystore " + keystore + " (" + type + ") " + what, cause);
    }

    private String scrub(String message) {
        if (message == null) {
            return "no reason given";
        }
        return password.isEmpty() ? message : message.replace(password, "****");
    }
}
