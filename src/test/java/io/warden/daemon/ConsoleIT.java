package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.config.ConfigLoader;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.server.ConsoleBrowser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The web console in a real headless Chromium, served by a watch daemon with auth on, a viewer
 * and an operator token, watching a real broker: an operator logs in, sees a lagging group's chart
 * grow as records arrive and silences its alert; a viewer is refused; group names with markup show
 * as text; a DLQ shows how old its messages are and their error classes, header values with markup as
 * text, and no other topic is read through it; a lagging group's page shows what diagnose lag
 * concludes; logging out ends the session.
 */
class ConsoleIT {

    private static final String VIEWER = "viewer-token-0123456789abcdef";
    private static final String OPERATOR = "operator-token-0123456789abcdef";
    private static final String IMG = "<img src=x onerror=alert(1)>";
    private static final String SCRIPT = "\"><script>window.pwned=1</script>";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static EmbeddedKafka kafka;
    static Path dir;
    static WatchRunner runner;
    static ConsoleBrowser browser;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.single();
        dir = Files.createTempDirectory("warden-console");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders", 1, (short) 1), new NewTopic("orders.dlq", 1, (short) 1)));
            produce("orders.dlq", 3);
            deadLetters("com.acme.BadAmountException", "amount <b>-1</b> is negative", 2);
            deadLetters(IMG, SCRIPT, 1);
            produce("orders", 20);
            for (String group : List.of("billing", IMG, SCRIPT)) {
                admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(0)))
                        .all().get();
            }
        }
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), """
                cluster: {name: prod, bootstrap-servers: "%s"}
                watch: {interval: 500ms, timeout: 5s, window: 5m}
                checks: {lag: {warning: 5, critical: 100000}}
                alerts:
                  defaults: false
                  silences-file: %s
                  rules:
                    - {name: billing-lag, check: consumer-lag, match: {group: billing}}
                audit: {file: %s}
                heal:
                  state-dir: %s
                  grace: 0s
                  playbooks:
                    - name: kick-billing
                      check: consumer-lag
                      match: {group: billing}
                      mode: dry-run
                      steps: [{action: command, command: ["true"]}]
                http:
                  host: 127.0.0.1
                  port: 0
                  auth:
                    tokens:
                      - {name: dashboards, token: "${VIEWER}", role: viewer}
                      - {name: oncall, token: "${OPERATOR}", role: operator}
                """.formatted(kafka.bootstrapServers(), dir.resolve("silences.json"), dir.resolve("audit.jsonl"), dir));
        var config = new ConfigLoader(Map.of("VIEWER", VIEWER, "OPERATOR", OPERATOR)::get).load(yaml);
        runner = new WatchRunner(config, new PrintWriter(new StringWriter(), true), Clock.systemUTC()).start();
        base = "http://127.0.0.1:" + runner.httpPort() + "/";
        browser = ConsoleBrowser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (runner != null) {
            runner.close();
        }
        kafka.close();
    }

    @BeforeEach
    void loggedOut() {
        browser.driver.get(base);
        browser.driver.manage().deleteAllCookies();
        browser.driver.navigate().refresh();
    }

    @Test
    void anOperatorSeesTheLagGrowSilencesTheAlertAndLogsOut() throws Exception {
        logIn(OPERATOR);
        assertThat(browser.text("#who")).isEqualTo("oncall (operator)");
        Cookie session = browser.driver.manage().getCookieNamed("warden_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("#page").contains("Brokers up"));
        assertThat(browser.text("#page h2")).startsWith("prod");
        assertThat(browser.text("#page .cards")).contains("1 / 1");
        browser.screenshot("overview");

        browser.find("a[href='#/groups']").click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.present("#groups-body a[href*='group=billing']"));
        browser.find("#groups-body a[href*='group=billing']").click();
        await().atMost(Duration.ofSeconds(20)).until(() -> lag() == 20 && points() >= 1);
        int pointsBefore = points();

        produce("orders", 30);
        await().atMost(Duration.ofSeconds(20)).until(() -> lag() == 50 && points() > pointsBefore);
        assertThat(browser.present("#lag-chart canvas")).isTrue();
        assertThat(browser.text("#lag-chart")).contains("lag (messages)", "lag (seconds)");
        assertThat(browser.text("#page")).contains("Status over time");
        assertThat(browser.text("#group-findings")).contains("WARNING group billing is 50 messages");
        browser.screenshot("group");

        browser.find("a[href='#/alerts']").click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.present("button[data-silence-key='consumer-lag/group=billing']"));
        assertThat(browser.text("#alerts tbody")).contains("consumer-lag/group=billing").doesNotContain("silenced by");
        browser.find("button[data-silence-key='consumer-lag/group=billing']").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("#alerts tbody").contains("silenced by"));
        assertThat(browser.text("#silences")).contains("key=~consumer-lag/group=billing", "oncall");
        assertThat(runner.silences().active()).singleElement().satisfies(s -> assertThat(s.createdBy()).isEqualTo("oncall"));
        browser.screenshot("alerts");

        String id = runner.silences().active().get(0).id();
        browser.find("button[data-expire='" + id + "']").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.silences().active().isEmpty()
                && !browser.text("#alerts tbody").contains("silenced by"));

        // the link an Alertmanager alert carries (generatorURL) lists that alert only, with a way back to all
        browser.driver.get(base + "#/alerts?cluster=prod&key=consumer-lag%2Fgroup%3Dbilling");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.present("#only-alert")
                && browser.text("#alerts tbody").contains("consumer-lag/group=billing"));
        assertThat(browser.text("#only-alert")).contains("consumer-lag/group=billing on prod");
        assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector("#alerts tbody tr"))).hasSize(1);
        browser.driver.get(base + "#/alerts?cluster=prod&key=broker-down%2Fbroker%3D7");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("#alerts").contains(
                "The alert broker-down/broker=7 is no longer pending or firing."));

        browser.find("#logout").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("#login").isDisplayed());
        assertThat(sessionStatus(session.getValue())).as("the session ended on the server").isEqualTo(401);
    }

    @Test
    void aViewerIsRefusedSilencesAndChangesNeedTheCsrfToken() throws Exception {
        logIn(VIEWER);
        browser.find("a[href='#/alerts']").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.present("#role-note"));
        browser.find("#silence-regex").sendKeys("billing");
        browser.find("#silence-form button[type=submit]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("#message").isDisplayed());
        assertThat(browser.text("#message")).contains("403", "viewer");
        browser.screenshot("viewer-refused");
        assertThat(runner.silences().active()).isEmpty();

        String cookie = browser.driver.manage().getCookieNamed("warden_session").getValue();
        String csrf = get("api/console/session", cookie).body().replaceAll(".*\"csrf\":\"([^\"]+)\".*", "$1");
        String silence = "{\"matchers\":{\"group\":\"billing\"},\"duration\":\"1h\"}";
        HttpResponse<String> asViewer = post("api/silences", cookie, csrf, silence);
        assertThat(asViewer.statusCode()).isEqualTo(403);
        assertThat(asViewer.body()).contains("viewer role cannot");

        // an operator's session without the page's CSRF token, as a forged request would come
        logIn(OPERATOR);
        String operatorCookie = browser.driver.manage().getCookieNamed("warden_session").getValue();
        HttpResponse<String> forged = post("api/silences", operatorCookie, null, silence);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("X-Warden-CSRF");
        assertThat(post("api/silences", operatorCookie, "not-the-token", silence).statusCode()).isEqualTo(403);
        assertThat(runner.silences().active()).isEmpty();
        assertThat(post("console/logout", operatorCookie, null, "").statusCode()).isEqualTo(403);
        assertThat(sessionStatus(operatorCookie)).isEqualTo(200);
    }

    @Test
    void groupNamesWithMarkupShowAsText() {
        logIn(VIEWER);
        browser.driver.get(base + "#/groups");
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.text("#groups-body").contains(IMG)
                && browser.text("#groups-body").contains(SCRIPT));
        assertThat(browser.driver.findElements(By.cssSelector("#page img, #page script"))).isEmpty();
        noScriptRan();

        browser.find("a[href='#/']").click(); // the findings about those groups on the overview
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("#overview").contains("group " + IMG + " is"));
        assertThat(browser.text("#overview")).contains("group " + SCRIPT + " is");
        assertThat(browser.driver.findElements(By.cssSelector("#page img, #page script"))).isEmpty();
        browser.find("a[href='#/groups']").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("#groups-body").contains(IMG));

        WebElement link = browser.driver.findElements(By.cssSelector("#groups-body a")).stream()
                .filter(a -> a.getText().equals(IMG)).findFirst().orElseThrow();
        link.click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("#page h1").equals(IMG) && points() >= 1);
        assertThat(browser.driver.findElements(By.cssSelector("#page img, #page script"))).isEmpty();
        noScriptRan();
        browser.screenshot("markup-as-text");
    }

    @Test
    void deadLetterQueuesHealingDecisionsAndTheAuditTrailAreShown() {
        logIn(VIEWER);
        browser.find("a[href='#/dlqs']").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("#dlqs tbody").contains("orders.dlq"));
        assertThat(browser.text("#dlqs tbody tr")).startsWith("orders.dlq prod 1 6");


        browser.find("a[href='#/healing']").click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.text("#healing").contains("consumer-lag/group=billing"));
        assertThat(browser.text("#healing")).contains("decided", "playbook=kick-billing", "mode=DRY_RUN", "evidence=");
        browser.screenshot("healing");

        browser.find("a[href='#/audit']").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("#audit-count").contains("events match"));
        browser.find("#audit-type").sendKeys("heal.decided");
        browser.find("#audit-text").sendKeys("kick-billing");
        browser.find("#audit-form button[type=submit]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("#audit-results tbody").contains("heal.decided"));
        assertThat(browser.text("#audit-results tbody")).contains("consumer-lag/group=billing", "playbook=kick-billing");
        assertThat(browser.driver.findElements(By.cssSelector("#audit-results tbody tr td:nth-child(2)")))
                .extracting(WebElement::getText).containsOnly("heal.decided");
        browser.find("#audit-text").sendKeys("-nowhere");
        browser.find("#audit-form button[type=submit]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.text("#audit-count").startsWith("0 events match"));
    }

    @Test
    void aDlqShowsTheAgeOfItsMessagesAndTheirErrorClassesAsText() throws Exception {
        logIn(VIEWER);
        browser.find("a[href='#/dlqs']").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.present("#dlqs a[href*='topic=orders.dlq']"));
        browser.find("#dlqs a[href*='topic=orders.dlq']").click();
        await().atMost(Duration.ofSeconds(20)).until(() -> browser.present("#dlq-errors tbody tr"));
        assertThat(browser.driver.findElements(By.cssSelector("#dlq-errors tbody tr"))).extracting(WebElement::getText)
                .anySatisfy(row -> assertThat(row).startsWith("com.acme.BadAmountException 2 spring")
                        .endsWith("amount <b>-1</b> is negative"))
                .anySatisfy(row -> assertThat(row).startsWith(IMG + " 1 spring").endsWith(SCRIPT))
                .anySatisfy(row -> assertThat(row).startsWith("(unknown) 3 none"));
        assertThat(browser.text("#dlq-oldest")).matches("\\d+ (s|min) ago");
        assertThat(browser.text("#dlq-newest")).matches("\\d+ (s|min) ago");
        assertThat(browser.text("#dlq-detail")).contains("Error classes of all 6 messages");
        assertThat(browser.driver.findElements(By.cssSelector("#page img, #page script, #page b"))).isEmpty();
        noScriptRan();
        browser.screenshot("dlq");

        // a name in the request only chooses among the DLQs the watch found: any other topic is refused unread
        HttpResponse<String> notADlq = bearerGet("api/console/dlq?cluster=prod&topic=orders");
        assertThat(notADlq.statusCode()).isEqualTo(404);
        assertThat(notADlq.body()).contains("no such DLQ");
        assertThat(bearerGet("api/console/dlq?cluster=prod&topic=__consumer_offsets").statusCode()).isEqualTo(404);
        assertThat(bearerGet("api/console/dlq?cluster=elsewhere&topic=orders.dlq").statusCode()).isEqualTo(404);
        assertThat(bearerGet("api/console/dlq?topic=orders.dlq").statusCode()).isEqualTo(400);
        assertThat(bearerGet("api/console/diagnosis?cluster=prod&group=nobody").statusCode()).isEqualTo(404);
    }

    @Test
    void aLaggingGroupsPageShowsWhatDiagnoseLagConcludes() {
        logIn(VIEWER);
        browser.driver.get(base + "#/group?cluster=prod&group=billing");
        await().atMost(Duration.ofSeconds(30)).until(() -> browser.present("#group-diagnosis pre"));
        String diagnosis = browser.text("#group-diagnosis");
        assertThat(diagnosis).contains("warden diagnose lag", "WARNING", "1. Spread:", "3. Rebalances:", "4. Rates:",
                "5. Drain:", "Recommendation",
                "the group has no active members, so nothing consumes its");
        assertThat(browser.text("#group-diagnosis pre")).containsPattern("2\\. Members: +0 for 1 partitions");
        browser.screenshot("group-diagnosis");
    }

    private static HttpResponse<String> bearerGet(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + VIEWER).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void noScriptRan() {
        assertThat(browser.driver.executeScript("return window.pwned === undefined")).isEqualTo(true);
        try {
            browser.driver.switchTo().alert();
            throw new AssertionError("a group's name opened an alert");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    private static void logIn(String token) {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(base);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("#login").isDisplayed());
        browser.find("#token").sendKeys(token);
        browser.find("#login button[type=submit]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.find("#nav").isDisplayed());
        assertThat(browser.find("#login").isDisplayed()).isFalse();
    }

    private static long lag() {
        String shown = browser.text("#group-lag").replace(",", "");
        return shown.matches("\\d+") ? Long.parseLong(shown) : -1;
    }

    private static int points() {
        String n = browser.present("#lag-chart") ? browser.find("#lag-chart").getAttribute("data-points") : null;
        return n == null ? 0 : Integer.parseInt(n);
    }

    private static int sessionStatus(String cookie) throws Exception {
        return get("api/console/session", cookie).statusCode();
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", "warden_session=" + cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String cookie, String csrf, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", "warden_session=" + cookie)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (csrf != null) {
            request.header("X-Warden-CSRF", csrf);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Records as Spring Kafka's DeadLetterPublishingRecoverer writes them, failed with {@code error}. */
    private static void deadLetters(String error, String message, int n) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                var record = new ProducerRecord<>("orders.dlq", "k", "v" + i);
                record.headers().add("kafka_dlt-exception-fqcn", error.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .add("kafka_dlt-exception-message", message.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .add("kafka_dlt-original-topic", "orders".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                producer.send(record);
            }
        }
    }

    private static void produce(String topic, int n) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
        }
    }
}
