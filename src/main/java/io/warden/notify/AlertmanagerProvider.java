package io.warden.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Type {@code alertmanager}: POSTs alerts to Prometheus Alertmanager's {@code /api/v2/alerts}, so
 * its routes, grouping, inhibitions, silences and receivers page for Warden too.
 *
 * <p>Settings: {@code url} or {@code urls} (each Alertmanager of an HA pair or cluster; each gets
 * every alert), {@code username} and {@code password} (basic auth) or {@code bearer-token},
 * {@code console-url} (Warden's console as people reach it: each alert's {@code generatorURL} is
 * {@code <console-url>/#/alerts?cluster=<cluster>&key=<key>}; without it there is none), {@code resend-interval} (1m:
 * every alert still firing is sent again this often, since Alertmanager resolves an alert not
 * re-sent within its {@code resolve_timeout}, 5m by default), {@code timeout} (10s). The password
 * and token are secrets: they appear in no message.
 */
public final class AlertmanagerProvider implements NotifierProvider {

    static final Duration DEFAULT_RESEND = Duration.ofMinutes(1);

    @Override
    public String type() {
        return "alertmanager";
    }

    @Override
    public Notifier create(String name, Map<String, Object> settings) {
        ChannelSettings s = new ChannelSettings(name, settings);
        List<URI> urls = urls(s);
        Optional<ChannelSettings.Login> login = s.login("${ALERTMANAGER_PASSWORD}");
        Optional<String> token = s.string("bearer-token");
        if (token.isPresent() && login.isPresent()) {
            throw s.invalidSecret("bearer-token", "and username are both set; Alertmanager takes one kind of "
                    + "authentication: keep one");
        }
        String authorization = token.map(t -> "Bearer " + t).orElse(login.map(l -> "Basic " + Base64.getEncoder()
                .encodeToString((l.username() + ":" + l.password()).getBytes(StandardCharsets.UTF_8))).orElse(null));
        if (authorization != null && authorization.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw s.invalidSecret(token.isPresent() ? "bearer-token" : "username",
                    "holds a control character (a line break from the environment?); the value is not shown");
        }
        Optional<URI> console = s.string("console-url").map(u -> s.url("console-url", u));
        Duration resend = s.duration("resend-interval", DEFAULT_RESEND);
        Duration timeout = s.duration("timeout", Duration.ofSeconds(10));
        s.rejectUnknown();
        List<String> secrets = new ArrayList<>();
        login.ifPresent(l -> secrets.add(l.password()));
        token.ifPresent(secrets::add);
        return new AlertmanagerNotifier(name, urls, authorization, console, resend, timeout, secrets);
    }

    private static List<URI> urls(ChannelSettings s) {
        Optional<String> one = s.string("url");
        List<String> many = s.list("urls");
        if (one.isPresent() && !many.isEmpty()) {
            throw s.invalidSecret("urls", "and url are both set; list every Alertmanager under urls");
        }
        if (one.isEmpty() && many.isEmpty()) {
            throw s.missing("url", "the Alertmanager's address, e.g. url: http://alertmanager:9093 "
                    + "(or urls: [...] for each Alertmanager of an HA pair)");
        }
        List<URI> out = new ArrayList<>();
        if (one.isPresent()) {
            out.add(checked(s, "url", one.get()));
        }
        for (int i = 0; i < many.size(); i++) {
            out.add(checked(s, "urls[" + i + "]", many.get(i)));
        }
        return out;
    }

    private static URI checked(ChannelSettings s, String key, String text) {
        URI url = s.url(key, text);
        if (url.getRawUserInfo() != null) {
            throw s.invalidSecret(key, "holds a user name or password; give them as username and password "
                    + "(e.g. password: ${ALERTMANAGER_PASSWORD})");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw s.invalidSecret(key, "has a query or fragment; give the Alertmanager's base URL, "
                    + "e.g. http://alertmanager:9093 (Warden adds /api/v2/alerts)");
        }
        return url;
    }
}
