package io.warden.notify;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each notification to {@code /api/v2/alerts} of every configured Alertmanager. Alertmanagers
 * of an HA pair do not share alerts, only what they notified, so each gets every alert; the send
 * succeeds when at least one accepted it (as Prometheus does), since that one pages, and the next
 * re-send brings the other up to date.
 */
final class AlertmanagerNotifier implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(AlertmanagerNotifier.class);

    private final String name;
    private final List<URI> endpoints;
    private final Optional<URI> console;
    private final Map<String, String> headers;
    private final Duration resendInterval;
    private final JsonPost post;

    /**
     * @param urls           the Alertmanagers' base URLs (with their route prefix, if any)
     * @param authorization  the Authorization header's value, or null
     * @param console        where people open Warden's console, for each alert's generatorURL
     */
    AlertmanagerNotifier(String name, List<URI> urls, String authorization, Optional<URI> console, Duration resendInterval,
                         Duration timeout, List<String> secrets) {
        this.name = name;
        this.endpoints = urls.stream().map(AlertmanagerNotifier::alertsEndpoint).toList();
        this.console = console;
        this.headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        this.resendInterval = resendInterval;
        List<String> all = new ArrayList<>(secrets);
        if (authorization != null) {
            all.add(authorization);
            all.add(authorization.substring(authorization.indexOf(' ') + 1));
        }
        this.post = new JsonPost(timeout, new Secrets(all));
    }

    static URI alertsEndpoint(URI base) {
        String s = base.toString().replaceAll("/+$", "");
        return URI.create(s + "/api/v2/alerts");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Notification notification) throws DeliveryException, InterruptedException {
        String body = AlertmanagerPayload.json(notification, console);
        List<String> failures = new ArrayList<>();
        for (URI endpoint : endpoints) {
            try {
                post.post(endpoint, body, headers);
            } catch (DeliveryException e) {
                failures.add(e.getMessage());
            }
        }
        if (failures.size() == endpoints.size()) {
            throw new DeliveryException(String.join("; ", failures));
        }
        failures.forEach(f -> log.warn("event=alertmanager_peer_failed channel={} reason=\"{}\"", name, f));
    }

    @Override
    public Optional<Duration> resendInterval() {
        return Optional.of(resendInterval);
    }

    @Override
    public String toString() {
        return "alertmanager:" + name + " to " + endpoints.stream().map(JsonPost::where).toList();
    }
}
