package io.warden.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** POSTs each notification as one JSON document; anything but a 2xx answer is a failure. */
final class WebhookNotifier implements Notifier {

    private static final int REPLY_CHARS = 200;

    private final String name;
    private final URI url;
    private final boolean slack;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final HttpClient client;
    private final Secrets secrets;
    /** scheme://host:port only: paths and queries of webhook URLs carry tokens (Slack, Teams). */
    private final String where;

    WebhookNotifier(String name, URI url, boolean slack, Map<String, String> headers, Duration timeout) {
        this.name = name;
        this.url = url;
        this.slack = slack;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.where = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        this.secrets = new Secrets(secretsOf(url, headers));
    }

    private static List<String> secretsOf(URI url, Map<String, String> headers) {
        List<String> s = new ArrayList<>(headers.values());
        s.add(url.toString());
        s.add(url.getRawPath());
        s.add(url.getRawQuery());
        s.add(url.getRawUserInfo());
        if (url.getRawPath() != null) {
            for (String segment : url.getRawPath().split("/")) {
                if (segment.length() >= 12) {
                    s.add(segment);
                }
            }
        }
        headers.values().forEach(v -> {
            int space = v.indexOf(' '); // "Bearer abc": the token alone may be quoted too
            if (space > 0) {
                s.add(v.substring(space + 1));
            }
        });
        return s;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Notification notification) throws DeliveryException, InterruptedException {
        String body = slack ? Messages.slack(notification) : Messages.json(notification);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "warden")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw secrets.failure("POST " + where, e);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String reply = response.body() == null ? "" : response.body().replaceAll("\\s+", " ").strip();
            if (reply.length() > REPLY_CHARS) {
                reply = reply.substring(0, REPLY_CHARS) + "…";
            }
            throw new DeliveryException(secrets.scrub("POST " + where + " answered HTTP " + status
                    + (reply.isEmpty() ? "" : ": " + reply)));
        }
    }

    @Override
    public String toString() {
        return "webhook:" + name + " to " + where;
    }
}
