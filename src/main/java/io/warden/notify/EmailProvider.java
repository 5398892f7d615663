package io.warden.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Type {@code email}: SMTP with STARTTLS (required by default, so credentials never cross the
 * network in clear) or implicit TLS, and optional authentication.
 *
 * <p>Settings: {@code host}, {@code port} (587, or 465 with {@code ssl}), {@code starttls} (true),
 * {@code ssl} (false), {@code username}, {@code password}, {@code from}, {@code to} (list),
 * {@code subject-prefix} ("[warden]"), {@code timeout} (10s).
 */
public final class EmailProvider implements NotifierProvider {

    @Override
    public String type() {
        return "email";
    }

    @Override
    public Notifier create(String name, Map<String, Object> settings) {
        ChannelSettings s = new ChannelSettings(name, settings);
        String host = s.required("host", "the SMTP server's host name");
        boolean ssl = s.bool("ssl", false);
        int port = s.port("port", ssl ? 465 : 587);
        boolean starttls = s.bool("starttls", true);
        Optional<ChannelSettings.Login> login = s.login("${SMTP_PASSWORD}");
        InternetAddress from = address(s, "from", s.required("from", "the sender address, e.g. warden@example.com"));
        List<String> toList = s.list("to");
        if (toList.isEmpty()) {
            throw s.missing("to", "a list of recipient addresses, e.g. [oncall@example.com]");
        }
        InternetAddress[] to = toList.stream().map(a -> address(s, "to", a)).toArray(InternetAddress[]::new);
        String prefix = s.string("subject-prefix", "[warden]");
        Duration timeout = s.duration("timeout", Duration.ofSeconds(10));
        s.rejectUnknown();
        var smtp = new EmailNotifier.Smtp(host, port, ssl, !ssl && starttls, login.map(ChannelSettings.Login::username).orElse(null),
                login.map(ChannelSettings.Login::password).orElse(null), timeout);
        return new EmailNotifier(name, smtp, from, to, prefix);
    }

    private static InternetAddress address(ChannelSettings s, String key, String value) {
        try {
            InternetAddress a = new InternetAddress(value, true);
            a.validate();
            return a;
        } catch (AddressException e) {
            throw s.invalid(key, value, "is not an email address (name@domain)");
        }
    }
}
