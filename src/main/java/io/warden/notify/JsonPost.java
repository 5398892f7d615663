package io.warden.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One JSON POST of an HTTP channel: anything but a 2xx answer is a failure, and every failure's
 * message is scrubbed of the channel's secrets and names the endpoint by scheme, host and port only.
 */
final class JsonPost {

    private static final int REPLY_CHARS = 200;

    private final HttpClient client;
    private final Duration timeout;
    private final Secrets secrets;

    JsonPost(Duration timeout, Secrets secrets) {
        this.timeout = timeout;
        this.secrets = secrets;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** scheme://host:port only: paths and queries of webhook URLs carry tokens (Slack, Teams). */
    static String where(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    void post(URI url, String body, Map<String, String> headers) throws DeliveryException, InterruptedException {
        String where = where(url);
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
}
