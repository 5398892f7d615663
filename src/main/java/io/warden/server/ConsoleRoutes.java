package io.warden.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.warden.server.ApiToken.Role;
import io.warden.server.Routes.Request;
import io.warden.watch.CycleResult;
import java.io.IOException;
import io.warden.WardenException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: its page and files at {@code /} and {@code /console/}, login and logout, and
 * the few views the API lacks under {@code /api/console/} (the overview, the groups with their lag,
 * a group's lag over the retained history, alerts with the silences that hold them, the audit trail
 * searched, dead-letter queues with what their newest records say, a group's lag diagnosis, DR
 * replication). Alerts and
 * silences are read and changed through the API's own endpoints; the console's session cookie
 * stands in for the bearer token there.
 */
final class ConsoleRoutes {

    private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
    private static final int MAX_AUDIT_EVENTS = 1000;
    /** How long a DLQ's reading or a group's diagnosis is shown before the cluster is read again. */
    static final Duration FRESH = Duration.ofSeconds(30);
    /** How long a request waits for such a read; a diagnosis samples the group for 5 s. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final ApiBackend backend;
    private final BearerAuth auth; // null when auth is off
    private final ConsoleSessions sessions; // null when auth is off
    private final Clock clock;
    private final ConsoleAssets assets = new ConsoleAssets();
    private final DetailCache<Named, DlqDetail> dlqDetails;
    private final DetailCache<Named, GroupDiagnosis> diagnoses;

    /** A DLQ or a group of a cluster. */
    private record Named(String cluster, String name) {
    }

    private final java.util.concurrent.ExecutorService readers = readers();

    ConsoleRoutes(ApiBackend backend, BearerAuth auth, ConsoleSessions sessions, Clock clock) {
        this.backend = backend;
        this.auth = auth;
        this.sessions = sessions;
        this.clock = clock;
        this.dlqDetails = new DetailCache<>(clock, FRESH, WAIT, readers);
        this.diagnoses = new DetailCache<>(clock, FRESH, WAIT, readers);
    }

    /** Stops the reading threads: a read under way is interrupted, none queued starts. */
    void close() {
        readers.shutdownNow();
    }

    /** Two reads at a time, a few more queued: a page's asks never hold more of the cluster's or the server's threads. */
    private static java.util.concurrent.ExecutorService readers() {
        var pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(8), r -> {
            Thread t = new Thread(r, "warden-console-read");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    void addTo(Routes routes) {
        // the page and its files hold no data: open, so the login form can show
        routes.add("GET", "/", null, r -> assets.page())
                .add("GET", "/console/{id}", null, this::file)
                .add("POST", "/console/login", null, this::login)
                .add("POST", "/console/logout", Role.VIEWER, this::logout)
                .add("GET", "/api/console/session", Role.VIEWER, this::session)
                .add("GET", "/api/console/overview", Role.VIEWER,
                        r -> Response.json(200, ConsoleViews.overview(backend.cycles())))
                .add("GET", "/api/console/groups", Role.VIEWER,
                        r -> Response.json(200, ConsoleViews.groups(backend.cycles())))
                .add("GET", "/api/console/group", Role.VIEWER, this::group)
                .add("GET", "/api/console/audit", Role.VIEWER, this::audit)
                .add("GET", "/api/console/dlqs", Role.VIEWER,
                        r -> Response.json(200, ConsoleViews.dlqs(backend.cycles(), backend::isDlq)))
                .add("GET", "/api/console/dlq", Role.VIEWER, this::dlq)
                .add("GET", "/api/console/diagnosis", Role.VIEWER, this::diagnosis)
                .add("GET", "/api/console/dr", Role.VIEWER,
                        r -> Response.json(200, ConsoleViews.replication(backend.cycles())))
                .add("GET", "/api/console/alerts", Role.VIEWER,
                        r -> Response.json(200, ConsoleViews.alerts(backend.alerts(), backend.silences(), clock.instant())));
    }

    private Response file(Request r) {
        Response file = assets.file(r.id());
        return file != null ? file : Response.error(404, "not found", r.path());
    }

    private Response login(Request r) {
        if (auth == null) {
            return Response.error(400, "http.auth is off: the console needs no login", r.path());
        }
        String token = token(r.body());
        BearerAuth.Caller caller = token == null ? null : auth.authenticate(List.of("Bearer " + token));
        if (caller == null) {
            log.warn("event=console_login_failed");
            return Response.error(401, "that token is not one of http.auth.tokens", r.path());
        }
        ConsoleSessions.Session session = sessions.open(caller);
        log.info("event=console_login token={} role={}", caller.name(), caller.role());
        return Response.json(200, whoami(caller, session)).withHeader("Set-Cookie", sessions.cookie(session));
    }

    private Response logout(Request r) {
        if (r.session() == null) {
            return Response.noContent();
        }
        sessions.close(r.session());
        log.info("event=console_logout token={}", r.caller().name());
        return Response.noContent().withHeader("Set-Cookie", sessions.clearedCookie());
    }

    private Response session(Request r) {
        return Response.json(200, whoami(r.caller(), r.session()));
    }

    private Map<String, Object> whoami(BearerAuth.Caller caller, ConsoleSessions.Session session) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("name", caller.name());
        me.put("role", caller.role().toString());
        me.put("auth", auth != null);
        me.put("csrf", session == null ? null : session.csrf());
        return me;
    }

    private Response group(Request r) {
        String cluster = r.param("cluster");
        String group = r.param("group");
        if (cluster == null || group == null) {
            return Response.error(400, "name the group: ?cluster=NAME&group=ID", r.path());
        }
        CycleResult cycle = backend.cycles().get(cluster);
        ConsoleViews.GroupView view = cycle == null ? null : ConsoleViews.group(cluster, cycle, backend.lagTrail(cluster), group);
        return view == null ? Response.error(404, "the latest cycle of that cluster has no such group", r.path())
                : Response.json(200, view);
    }

    /**
     * What a DLQ's newest records say. The names come from the request: they only choose among the
     * DLQs the latest cycle found, so no other topic is ever read.
     */
    private Response dlq(Request r) {
        String cluster = r.param("cluster");
        String topic = r.param("topic");
        if (cluster == null || topic == null) {
            return Response.error(400, "name the DLQ: ?cluster=NAME&topic=TOPIC", r.path());
        }
        CycleResult cycle = backend.cycles().get(cluster);
        if (cycle == null || !backend.isDlq(topic) || cycle.history().latest().topic(topic).isEmpty()) {
            return Response.error(404, "the latest cycle of that cluster has no such DLQ (checks.dlq.patterns)", r.path());
        }
        return onDemand(dlqDetails, new Named(cluster, topic), n -> backend.dlqDetail(n.cluster(), n.name()), r.path());
    }

    /** What {@code warden diagnose lag} concludes about a group the latest cycle found. */
    private Response diagnosis(Request r) {
        String cluster = r.param("cluster");
        String group = r.param("group");
        if (cluster == null || group == null) {
            return Response.error(400, "name the group: ?cluster=NAME&group=ID", r.path());
        }
        CycleResult cycle = backend.cycles().get(cluster);
        if (cycle == null || cycle.lags().stream().noneMatch(g -> g.group().equals(group))) {
            return Response.error(404, "the latest cycle of that cluster has no such group", r.path());
        }
        return onDemand(diagnoses, new Named(cluster, group), n -> backend.diagnosis(n.cluster(), n.name()), r.path());
    }

    private static <V> Response onDemand(DetailCache<Named, V> cache, Named key, java.util.function.Function<Named, V> read,
                                         String path) {
        try {
            V value = cache.get(key, read);
            return value == null ? Response.error(404, "not watched here", path) : Response.json(200, value);
        } catch (DetailCache.NotYet e) {
            return Response.error(503, e.getMessage(), path).withHeader("Retry-After", "2");
        } catch (WardenException e) {
            // why the cluster could not be read (down, refused, the group gone): the operator's to act on
            return Response.error(502, e.getMessage(), path);
        }
    }

    private Response audit(Request r) {
        int limit;
        try {
            limit = r.param("limit") == null ? 200 : Integer.parseInt(r.param("limit"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_AUDIT_EVENTS) {
            return Response.error(400, "limit: give a number of events from 1 to " + MAX_AUDIT_EVENTS, r.path());
        }
        var filter = ConsoleViews.auditFilter(r.param("type"), r.param("cluster"), r.param("text"));
        return Response.json(200, ConsoleViews.auditPage(backend.audit(filter), limit));
    }

    private String token(byte[] body) {
        try {
            JsonNode node = Response.MAPPER.readTree(body);
            JsonNode token = node == null ? null : node.get("token");
            return token != null && token.isTextual() && !token.asText().isBlank() ? token.asText().strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

}
