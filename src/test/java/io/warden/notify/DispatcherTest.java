package io.warden.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DispatcherTest {

    static final String PASSWORD = "mail-s3cret-pw";
    /** Milliseconds instead of seconds, with the default's shape: 4 attempts, doubling delays. */
    static final RetrySettings FAST = new RetrySettings(4, Duration.ofMillis(20), 2, Duration.ofMillis(200));

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("warden@example.com", "warden", PASSWORD));

    /** Released after each test so that endpoints told to hang let their threads go. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<DeliveryResult> outcomes = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        release.countDown();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private Dispatcher dispatcher(RetrySettings retry, Notifier... notifiers) {
        Dispatcher d = new Dispatcher(List.of(notifiers), retry, Clock.systemUTC(), (n, r) -> outcomes.add(r)).start();
        toClose.add(0, d);
        return d;
    }

    private Endpoint endpoint(Endpoint.Answer answer) throws Exception {
        Endpoint e = new Endpoint(answer);
        toClose.add(e);
        return e;
    }

    /** An endpoint that holds every request until the test ends. */
    private Endpoint hanging() throws Exception {
        return endpoint((r, n) -> {
            release.await(30, TimeUnit.SECONDS);
            return new Endpoint.Reply(204, ""); // no body: one write, no Nagle delay per request
        });
    }

    private static Notifier email(String password) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("host", "127.0.0.1");
        s.put("port", mail.getSmtp().getPort());
        s.put("starttls", false);
        s.put("username", "warden");
        s.put("password", password);
        s.put("from", "warden@example.com");
        s.put("to", List.of("oncall@example.com"));
        return new EmailProvider().create("oncall-email", s);
    }

    private static Notifier webhook(String name, String url, Object... keyValues) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("url", url);
        for (int i = 0; i < keyValues.length; i += 2) {
            s.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new WebhookProvider().create(name, s);
    }

    private static Notification lag() {
        return TestAlerts.notification(TestAlerts.fired(TestAlerts.lag(5)));
    }

    @Test
    void aFailingWebhookIsRetriedAndCountedWhileEmailIsDeliveredMeanwhile() throws Exception {
        CountDownLatch emailDelivered = new CountDownLatch(1);
        // The second attempt is answered only once the email is through: if email waited for the
        // webhook, the webhook's retries could not finish before this latch times out.
        Endpoint failing = endpoint((r, n) -> {
            if (n == 2) {
                emailDelivered.await(10, TimeUnit.SECONDS);
            }
            return new Endpoint.Reply(500, "internal error");
        });
        AtomicInteger webhookHitsWhenEmailDelivered = new AtomicInteger(-1);
        Dispatcher d = new Dispatcher(List.of(webhook("chat", failing.url("/hook")), email(PASSWORD)), FAST,
                Clock.systemUTC(), (n, r) -> {
                    if (r.channel().equals("oncall-email") && r.delivered()) {
                        webhookHitsWhenEmailDelivered.set(failing.hits());
                        emailDelivered.countDown();
                    }
                    outcomes.add(r);
                }).start();
        toClose.add(0, d);

        d.dispatch(lag());

        await().atMost(Duration.ofSeconds(10)).until(() -> d.counts().get("chat").failed() == 1);
        assertThat(failing.hits()).isEqualTo(4);
        assertThat(d.counts()).containsEntry("chat", new ChannelCounts(0, 1, 3))
                .containsEntry("oncall-email", new ChannelCounts(1, 0, 0));
        assertThat(outcomes).extracting(DeliveryResult::channel).containsExactly("oncall-email", "chat");
        assertThat(webhookHitsWhenEmailDelivered.get()).isBetween(1, 2);
        DeliveryResult chat = outcomes.get(1);
        assertThat(chat.attempts()).isEqualTo(4);
        assertThat(chat.reason()).isEqualTo("POST " + failing.url("") + " answered HTTP 500: internal error");
        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void retriesBackOffExponentiallyUpToTheMaximumDelay() throws Exception {
        Endpoint failing = endpoint((r, n) -> new Endpoint.Reply(500, ""));
        List<String> delays;
        try (LogCapture logs = new LogCapture()) {
            Dispatcher d = dispatcher(new RetrySettings(5, Duration.ofMillis(20), 2, Duration.ofMillis(50)),
                    webhook("chat", failing.url("/hook")));
            d.dispatch(lag());
            await().atMost(Duration.ofSeconds(10)).until(() -> d.counts().get("chat").failed() == 1);
            delays = logs.events().stream().map(e -> e.getFormattedMessage())
                    .filter(m -> m.startsWith("event=notification_retry channel=chat"))
                    .map(m -> m.replaceAll(".* attempt=(\\d+) retry_in_ms=(\\d+) .*", "$1:$2")).toList();
        }

        assertThat(delays).containsExactly("1:20", "2:40", "3:50", "4:50");
        assertThat(failing.hits()).isEqualTo(5);
    }

    @Test
    void aChannelThatHangsBlocksNeitherTheOthersNorTheCaller() throws Exception {
        Endpoint stuck = hanging();
        Dispatcher d = dispatcher(FAST, webhook("chat", stuck.url("/hook"), "timeout", "30s"), email(PASSWORD),
                new LogNotifier("log"));

        d.dispatch(lag());
        d.dispatch(TestAlerts.notification(TestAlerts.resolved(TestAlerts.lag(5))));

        await().atMost(Duration.ofSeconds(10)).until(() -> d.counts().get("oncall-email").sent() == 2
                && d.counts().get("log").sent() == 2);
        assertThat(stuck.hits()).isEqualTo(1);
        assertThat(d.counts().get("chat")).isEqualTo(new ChannelCounts(0, 0, 0));
        assertThat(mail.getReceivedMessages()).hasSize(2);

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> d.counts().get("chat").sent() == 2);
    }

    @Test
    void closeDeliversWhatIsQueuedBeforeItReturns() throws Exception {
        Endpoint slow = hanging();
        Dispatcher d = dispatcher(FAST, webhook("chat", slow.url("/hook")));
        for (int i = 0; i < 5; i++) {
            d.dispatch(lag());
        }

        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> d.close(Duration.ofSeconds(20)));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !closing.isDone());
        release.countDown();

        assertThat(closing.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(slow.hits()).isEqualTo(5);
        assertThat(d.counts().get("chat")).isEqualTo(new ChannelCounts(5, 0, 0));

        d.dispatch(lag());
        assertThat(d.counts().get("chat").failed()).isEqualTo(1);
        assertThat(outcomes.get(outcomes.size() - 1).reason()).isEqualTo("dropped: dispatcher is closed");
    }

    @Test
    void closeGivesUpOnAHungChannelAtItsTimeoutAndCountsWhatWasLost() throws Exception {
        Endpoint stuck = hanging();
        Dispatcher d = dispatcher(FAST, webhook("chat", stuck.url("/hook"), "timeout", "30s"));
        for (int i = 0; i < 3; i++) {
            d.dispatch(lag());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> stuck.hits() == 1);

        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> d.close(Duration.ofMillis(300)));

        assertThat(closing.get(5, TimeUnit.SECONDS)).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> d.counts().get("chat").failed() == 3);
        assertThat(outcomes).extracting(DeliveryResult::reason)
                .containsOnlyOnce("InterruptedException")
                .filteredOn(r -> r.equals("dropped: not delivered before shutdown")).hasSize(2);
        assertThat(d.counts().get("chat").sent()).isZero();
    }

    @Test
    void aFullQueueDropsTheOldestWaitingNotification() throws Exception {
        Endpoint stuck = hanging();
        Dispatcher d = dispatcher(FAST, webhook("chat", stuck.url("/hook"), "timeout", "30s"));
        d.dispatch(lag());
        await().atMost(Duration.ofSeconds(5)).until(() -> stuck.hits() == 1);

        for (int i = 0; i < Dispatcher.QUEUE_CAPACITY + 1; i++) {
            d.dispatch(lag());
        }

        assertThat(d.counts().get("chat").failed()).isEqualTo(1);
        assertThat(outcomes).extracting(DeliveryResult::reason).containsExactly("dropped: queue full (100 waiting)");
        release.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> d.counts().get("chat").sent() == Dispatcher.QUEUE_CAPACITY + 1);
    }

    @Test
    void sendNowReportsEveryChannelsOutcome() throws Exception {
        Endpoint failing = endpoint((r, n) -> new Endpoint.Reply(500, ""));
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Dispatcher d = dispatcher(new RetrySettings(2, Duration.ofMillis(10), 2, Duration.ofMillis(50)),
                    email(PASSWORD), webhook("chat", failing.url("/hook")),
                    webhook("pager", "http://127.0.0.1:" + silent.getLocalPort() + "/", "timeout", "200ms"));

            List<DeliveryResult> results = d.sendNow(Notifiers.testNotification("prod", TestAlerts.NOW), Duration.ofSeconds(20));

            assertThat(results).extracting(DeliveryResult::channel).containsExactly("oncall-email", "chat", "pager");
            assertThat(results.get(0).delivered()).isTrue();
            assertThat(results.get(0).attempts()).isEqualTo(1);
            assertThat(results.get(1).reason()).endsWith("answered HTTP 500");
            assertThat(results.get(1).attempts()).isEqualTo(2);
            assertThat(results.get(2).reason()).contains("HttpTimeoutException");
            assertThat(mail.getReceivedMessages()).hasSize(1);
            assertThat(mail.getReceivedMessages()[0].getSubject()).contains("test message from Warden");
        }
    }

    @Test
    void sendNowDoesNotWaitPastItsTimeout() throws Exception {
        Endpoint stuck = hanging();
        Dispatcher d = dispatcher(FAST, webhook("chat", stuck.url("/hook"), "timeout", "30s"), new LogNotifier("log"));

        List<DeliveryResult> results = d.sendNow(Notifiers.testNotification("prod", TestAlerts.NOW), Duration.ofMillis(300));

        assertThat(results.get(0).reason()).isEqualTo("no outcome within 300 ms");
        assertThat(results.get(1).delivered()).isTrue();
    }

    @Test
    void secretsNeverReachTheLogsOrTheReportedReasons() throws Exception {
        String pathToken = "T0001/B0001/pathTokenAbcdef123456";
        Endpoint echoing = endpoint((r, n) -> new Endpoint.Reply(500,
                "bad request to " + r.path() + "?" + r.query() + " auth=" + r.header("Authorization")));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        List<String> secrets = List.of("wrong-pa55word", "pathTokenAbcdef123456", "query-s3cret", "header-s3cret",
                "refused-s3cret");

        String logText;
        try (LogCapture logs = new LogCapture()) {
            Dispatcher d = dispatcher(new RetrySettings(2, Duration.ofMillis(10), 2, Duration.ofMillis(50)),
                    email("wrong-pa55word"),
                    webhook("chat", echoing.url("/services/" + pathToken + "?sig=query-s3cret"),
                            "headers", Map.of("Authorization", "Bearer header-s3cret")),
                    webhook("pager", "http://127.0.0.1:" + closedPort + "/hook/refused-s3cret?x=refused-s3cret"));
            d.dispatch(lag());
            await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() == 3);
            d.close(Duration.ofSeconds(5));
            logText = logs.text();
        }

        assertThat(outcomes).allMatch(r -> !r.delivered());
        assertThat(logText).contains("event=notification_failed channel=oncall-email", "AuthenticationFailedException",
                "event=notification_failed channel=chat", "answered HTTP 500: bad request to ****?**** auth=****",
                "event=notification_failed channel=pager", "ConnectException", "event=notification_retry");
        for (String secret : secrets) {
            assertThat(logText).doesNotContain(secret);
            assertThat(outcomes).extracting(DeliveryResult::reason).allSatisfy(r -> assertThat(r).doesNotContain(secret));
        }
        assertThat(echoing.requests().get(0).header("Authorization")).isEqualTo("Bearer header-s3cret");
    }

    @Test
    void buildingStartsNoThreadSoNothingIsTakenBeforeStartAndNothingAfterClose() {
        Dispatcher d = new Dispatcher(List.of(new LogNotifier("log")), FAST, Clock.systemUTC(), (n, r) -> outcomes.add(r));

        assertThat(d.stalled(Duration.ofMinutes(1))).contains("not started");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.dispatch(lag())).isInstanceOf(IllegalStateException.class);
        assertThat(d.start().stalled(Duration.ofMinutes(1))).isEmpty();
        d.dispatch(lag());
        assertThat(d.close(Duration.ofSeconds(5))).isTrue();

        assertThat(outcomes).singleElement().satisfies(r -> assertThat(r.delivered()).isTrue());
        assertThat(d.stalled(Duration.ofMinutes(1))).contains("stopped");
        org.assertj.core.api.Assertions.assertThatThrownBy(d::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBrokenListenerDoesNotStopDeliveries() throws Exception {
        Dispatcher d = new Dispatcher(List.of(new LogNotifier("log")), FAST, Clock.systemUTC(), (n, r) -> {
            throw new IllegalStateException("audit disk full");
        }).start();
        toClose.add(d);

        d.dispatch(lag());
        d.dispatch(lag());

        await().atMost(Duration.ofSeconds(5)).until(() -> d.counts().get("log").sent() == 2);
    }

    /** Records what it is sent; fails while {@code failing} is set. */
    private static final class Recording implements Notifier {
        final String name;
        final Duration resend;
        final List<Notification> sent = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        Recording(String name, Duration resend) {
            this.name = name;
            this.resend = resend;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void send(Notification n) throws DeliveryException {
            if (failing) {
                throw new DeliveryException("alertmanager down");
            }
            sent.add(n);
        }

        @Override
        public java.util.Optional<Duration> resendInterval() {
            return java.util.Optional.ofNullable(resend);
        }
    }

    private static Notification stillFiring(String cluster, int seconds) {
        java.time.Instant at = TestAlerts.NOW.plusSeconds(seconds);
        return new Notification(cluster, at, List.of(new io.warden.alert.AlertEvent(io.warden.alert.AlertEvent.Type.REMINDER,
                TestAlerts.brokerDown(), at)));
    }

    @Test
    void firingAlertsAreResentOnlyToChannelsThatForgetThemAtTheirIntervalPerCluster() throws Exception {
        Recording am = new Recording("am", Duration.ofMinutes(1));
        Recording chat = new Recording("chat", null);
        Dispatcher d = dispatcher(FAST, am, chat);

        d.resend(stillFiring("prod", 0));
        d.resend(stillFiring("prod", 30));
        d.resend(stillFiring("staging", 30));
        d.resend(stillFiring("prod", 60));
        d.resend(stillFiring("prod", 90));
        await().atMost(Duration.ofSeconds(5)).until(() -> am.sent.size() == 3);
        am.failing = true;
        d.resend(stillFiring("prod", 125));

        await().atMost(Duration.ofSeconds(5)).until(() -> d.counts().get("am").failed() == 1);
        assertThat(am.sent).extracting(n -> n.cluster() + "@" + n.at().getEpochSecond() % 3600)
                .containsExactly("prod@0", "staging@30", "prod@60");
        assertThat(chat.sent).isEmpty();
        assertThat(d.counts().get("am").sent()).isEqualTo(3);
        assertThat(outcomes).as("a delivered re-send repeats what was said; a failed one is told")
                .singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("alertmanager down"));
    }
}
