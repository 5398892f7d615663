package io.warden.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console's files, read once from this jar's resources: its page, scripts and style, and
 * uPlot from its WebJar. Nothing is fetched from elsewhere at build or run time.
 */
final class ConsoleAssets {

    private static final String OWN = "/io/warden/console/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final List<String> FILES = List.of("index.html", "console.css", "app.js", "api.js", "dom.js",
            "overview.js", "groups.js", "group.js", "alerts.js", "dlqs.js", "dr.js", "healing.js",
            "audit.js");

    private final Map<String, Response> byName = new LinkedHashMap<>();

    ConsoleAssets() {
        FILES.forEach(f -> byName.put(f, load(OWN + f)));
        byName.put("uPlot.iife.min.js", load(UPLOT + "uPlot.iife.min.js"));
        byName.put("uPlot.min.css", load(UPLOT + "uPlot.min.css"));
    }

    /** The console's page. */
    Response page() {
        return byName.get("index.html");
    }

    /** The file {@code name} of the console, or null when it has none of that name. */
    Response file(String name) {
        return byName.get(name);
    }

    /** How many bytes the console's files weigh together. */
    long weight() {
        return byName.values().stream().mapToLong(r -> r.body().length).sum();
    }

    private static Response load(String resource) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console's file " + resource + " is missing from the jar");
            }
            return new Response(200, type(resource), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }
}
