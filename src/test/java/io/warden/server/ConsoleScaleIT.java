package io.warden.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.dr.ReplicationStatus;
import io.warden.snapshot.BrokerInfo;
import io.warden.snapshot.ClusterInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.CycleResult;
import io.warden.watch.GroupLag;
import io.warden.watch.GroupStatus;
import io.warden.watch.PartitionLag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The console with auth off, as the demo serves it, over a cluster of 500 groups: it opens without
 * a login, the groups page is on screen within a second of the navigation (every file fetched
 * again: nothing is cached), and everything the
 * browser loaded weighs under 300 KB. Its DR pair's status (read by the daemon only with MirrorMaker
 * running) is given here, so the DR page is shown with a checkpoint group named with markup.
 */
class ConsoleScaleIT {

    private static final int GROUPS = 500;
    private static final String MARKUP = "<img src=x onerror=alert(1)>";

    @Test
    void fiveHundredGroupsRenderWithinASecondAndThePageWeighsUnder300KB() throws Exception {
        WardenMetrics metrics = new WardenMetrics(Clock.systemUTC());
        try (var server = new WardenServer(new ServerSettings("127.0.0.1", 0), metrics,
                new HealthStatus(metrics, Clock.systemUTC(), Duration.ofMinutes(1)), ApiSettings.unauthenticated(),
                new Cycles(cycle())).start();
             var browser = ConsoleBrowser.start()) {
            String base = "http://127.0.0.1:" + server.port() + "/";
            // the first navigation of a browser just started also pays for starting its network service
            browser.driver.get(base + "#/groups");
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.present("#groups[data-rendered]"));
            browser.driver.get("about:blank");
            browser.driver.get(base + "#/groups");
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.present("#groups[data-rendered]"));
            assertThat(browser.driver.findElements(By.cssSelector("#groups-body tr"))).hasSize(GROUPS);
            assertThat(browser.find("#login").isDisplayed()).as("auth off: no login").isFalse();
            assertThat(browser.text("#who")).isEqualTo("auth off");

            double renderedAt = ((Number) browser.driver.executeScript(
                    "return performance.getEntriesByName('warden-groups-rendered')[0].startTime")).doubleValue();
            long weight = ((Number) browser.driver.executeScript("""
                    const nav = performance.getEntriesByType('navigation')[0];
                    return performance.getEntriesByType('resource').filter(r => !r.name.includes('/api/'))
                        .reduce((sum, r) => sum + r.encodedBodySize, nav.encodedBodySize);""")).longValue();
            System.out.printf("console: %d groups on screen %.0f ms after navigation start; page weight %d bytes%n",
                    GROUPS, renderedAt, weight);
            System.out.println("console: timeline " + browser.driver.executeScript("""
                    return performance.getEntries().map(e => `${e.name.replace(/^.*\\//, '')} ${Math.round(e.startTime)}+`
                        + Math.round(e.duration)).join(', ')"""));
            assertThat(renderedAt).isLessThan(1000);
            assertThat(weight).isGreaterThan(50_000).isLessThan(300 * 1024);

            // by keyboard: the first Tab reaches the skip link; a column's sort button is a real button
            browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Skip to content");
            // sorting by name puts group-000 first; the filter narrows the table to what matches
            browser.find("button[data-sort='group']").sendKeys(Keys.ENTER);
            assertThat(browser.find("th[aria-sort='ascending']").getText()).startsWith("Group");
            assertThat(browser.text("#groups-body tr")).startsWith("group-000");
            assertThat(lowContrast(browser)).as("text below WCAG AA contrast on the groups page").isEmpty();
            browser.find("#group-filter").sendKeys("group-49");
            await().atMost(Duration.ofSeconds(5)).until(() -> browser.driver.findElements(By.cssSelector("#groups-body tr")).size() == 10);
            browser.screenshot("groups");

            browser.find("a[href='#/dr']").click();
            await().atMost(Duration.ofSeconds(5)).until(() -> browser.text("#dr").contains("prod → dr"));
            assertThat(browser.text("#dr")).contains("Heartbeat 2 s old", "gold", "within", "prod.orders", "42", MARKUP);
            assertThat(browser.driver.findElements(By.cssSelector("#page img"))).isEmpty();
            browser.screenshot("dr");
        }
    }

    /**
     * Every visible element with text of its own whose colour against the background it sits on is
     * below WCAG AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
     */
    @SuppressWarnings("unchecked")
    private static List<String> lowContrast(ConsoleBrowser browser) {
        return (List<String>) browser.driver.executeScript("""
                const rgba = c => (c.match(/[\\d.]+/g) || []).map(Number);
                const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
                    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
                const background = e => {
                  for (; e; e = e.parentElement) {
                    const c = rgba(getComputedStyle(e).backgroundColor);
                    if (c.length >= 3 && (c.length < 4 || c[3] > 0)) return c;
                  }
                  return [255, 255, 255];
                };
                const out = [];
                for (const e of document.querySelectorAll('body *')) {
                  const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
                  const r = e.getBoundingClientRect();
                  if (!own || r.width === 0 || r.height === 0) continue;
                  const s = getComputedStyle(e);
                  if (s.visibility === 'hidden') continue;
                  const [a, b] = [lum(rgba(s.color)), lum(background(e))];
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
                  const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
                  if (ratio < needed) out.push(`${e.tagName}.${e.className} "${e.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
                }
                return out.slice(0, 10);""");
    }

    /** One cluster whose latest cycle holds {@code GROUPS} lagging groups. */
    private static CycleResult cycle() {
        Instant now = Instant.now();
        var cluster = new ClusterInfo("scale", List.of(new BrokerInfo(1, "localhost", 9092, null)), Set.of(1), 1, null);
        var snapshot = new Snapshot(now, cluster, List.of(), List.of(), List.of(), Map.of(), List.of(), 5, null)
                .withReplication(new ReplicationStatus(now, "prod", "dr", ReplicationStatus.DERIVATION,
                        List.of(new ReplicationStatus.TopicReplication("orders", "prod.orders", "gold", true, 1, 1, List.of(), 42,
                                3.5, List.of())),
                        new ReplicationStatus.Heartbeat(true, now, 2.0, false),
                        List.of(new ReplicationStatus.CheckpointAge(MARKUP, now, 1.0, 0, false)), List.of(),
                        List.of(new ReplicationStatus.TierRpo("gold", 60, 3.5, "within", 1, "lag of orders")), List.of(), List.of()));
        List<GroupLag> lags = new ArrayList<>();
        GroupType[] types = GroupType.values();
        for (int i = 0; i < GROUPS; i++) {
            String group = "group-%03d".formatted(i);
            var p = new PartitionLag(group, "orders", 0, 100, 100 + i * 7L, i * 7L, i * 1.5, false, 0.5,
                    i % 10 == 0 ? GroupStatus.STALL : GroupStatus.OK, null, null, null);
            lags.add(GroupLag.of(group, types[i % types.length], "STABLE", 1, 0, List.of(p), null));
        }
        return new CycleResult(SnapshotHistory.of(snapshot), lags, List.of());
    }

    /** Reads one fixed cycle; nothing to alert on or silence. */
    private record Cycles(CycleResult cycle) implements ReadOnlyBackend {
        @Override
        public Map<String, CycleResult> cycles() {
            return Map.of("scale", cycle);
        }
    }
}
