package io.warden.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/** Sends each notification as one plain-text email to every recipient, over one SMTP connection. */
final class EmailNotifier implements Notifier {

    /** How to reach the SMTP server; the password stays here and in the session, nowhere else. */
    record Smtp(String host, int port, boolean ssl, boolean starttls, String username, String password,
                Duration timeout) {

        @Override
        public String toString() {
            return host + ":" + port; // the default would print the password
        }
    }

    private final String name;
    private final Smtp smtp;
    private final InternetAddress from;
    private final InternetAddress[] to;
    private final String subjectPrefix;
    private final Session session;
    private final Secrets secrets;

    EmailNotifier(String name, Smtp smtp, InternetAddress from, InternetAddress[] to, String subjectPrefix) {
        this.name = name;
        this.smtp = smtp;
        this.from = from;
        this.to = to.clone();
        this.subjectPrefix = subjectPrefix;
        this.session = Session.getInstance(properties(smtp)); // not getDefaultInstance: that one is JVM-wide
        List<String> secret = new ArrayList<>();
        secret.add(smtp.password());
        this.secrets = new Secrets(secret);
    }

    private static Properties properties(Smtp smtp) {
        String timeout = Long.toString(smtp.timeout().toMillis());
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        p.put("mail.smtp.auth", Boolean.toString(smtp.username() != null));
        p.put("mail.smtp.ssl.enable", Boolean.toString(smtp.ssl()));
        // Required, not merely enabled: a downgrade would send the password in clear.
        p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
        p.put("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        return p;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Notification notification) throws DeliveryException {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, to);
            message.setSubject(Messages.subject(notification, subjectPrefix), StandardCharsets.UTF_8.name());
            message.setText(Messages.body(notification), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(notification.at()));
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException | RuntimeException e) {
            throw secrets.failure("SMTP " + smtp, e);
        }
    }

    @Override
    public String toString() {
        return "email:" + name + " via " + smtp;
    }
}
