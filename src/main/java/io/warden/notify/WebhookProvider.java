package io.warden.notify;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

/**
 * Type {@code webhook}: POSTs each notification as JSON, either Warden's own payload
 * ({@code format: json}) or one a Slack incoming webhook accepts ({@code format: slack}).
 *
 * <p>Settings: {@code url}, {@code format} (json), {@code headers} (map, e.g. Authorization),
 * {@code timeout} (10s). The URL and header values are treated as secrets.
 */
public final class WebhookProvider implements NotifierProvider {

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Notifier create(String name, Map<String, Object> settings) {
        ChannelSettings s = new ChannelSettings(name, settings);
        URI url = s.url("url", s.required("url", "the endpoint, e.g. url: ${SLACK_WEBHOOK_URL}"));
        String format = s.string("format", "json").toLowerCase(java.util.Locale.ROOT);
        if (!format.equals("json") && !format.equals("slack")) {
            throw s.invalid("format", format, "is not a webhook format (json or slack)");
        }
        Map<String, String> headers = s.map("headers");
        headers.forEach((header, value) -> {
            try {
                HttpRequest.newBuilder(url).header(header, value);
            } catch (IllegalArgumentException e) {
                // The JDK's message may quote the value, and the value may be a token.
                throw s.invalidSecret("headers." + header, "is not a header Warden may set (restricted name, "
                        + "or a name or value with characters HTTP does not allow); the value is not shown");
            }
        });
        Duration timeout = s.duration("timeout", Duration.ofSeconds(10));
        s.rejectUnknown();
        return new WebhookNotifier(name, url, format.equals("slack"), headers, timeout);
    }
}
