package io.warden.notify;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** POSTs each notification as one JSON document; anything but a 2xx answer is a failure. */
final class WebhookNotifier implements Notifier {

    private final String name;
    private final URI url;
    private final boolean slack;
    private final Map<String, String> headers;
    private final JsonPost post;
    private final String where;

    WebhookNotifier(String name, URI url, boolean slack, Map<String, String> headers, Duration timeout) {
        this.name = name;
        this.url = url;
        this.slack = slack;
        this.headers = Map.copyOf(headers);
        this.where = JsonPost.where(url);
        this.post = new JsonPost(timeout, new Secrets(secretsOf(url, headers)));
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
        post.post(url, slack ? Messages.slack(notification) : Messages.json(notification), headers);
    }

    @Override
    public String toString() {
        return "webhook:" + name + " to " + where;
    }
}
