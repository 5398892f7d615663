package io.warden.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Sends real HTTP requests and keeps every response, so a test can check none of them leaks a secret. */
final class RecordingClient {

    private final HttpClient client;
    private final String base;
    private final List<HttpResponse<String>> responses = new CopyOnWriteArrayList<>();

    RecordingClient(HttpClient client, String base) {
        this.client = client;
        this.base = base;
    }

    HttpResponse<String> send(String method, String path, String bearer, String body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return record(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<String> record(HttpResponse<String> response) {
        responses.add(response);
        return response;
    }

    List<HttpResponse<String>> responses() {
        return responses;
    }

    /** No status line, header or body of any response so far contains any of {@code secrets}. */
    void assertNothingLeaked(List<String> secrets) {
        for (HttpResponse<String> r : responses) {
            StringBuilder all = new StringBuilder().append(r.statusCode()).append('\n').append(r.body());
            for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
                all.append('\n').append(h.getKey()).append(": ").append(String.join(", ", h.getValue()));
            }
            for (String secret : secrets) {
                assertThat(all.toString()).as("response to %s %s", r.request().method(), r.uri()).doesNotContain(secret);
            }
        }
    }
}
