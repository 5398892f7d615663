package io.warden.server;

import io.warden.WardenException;
import io.warden.server.BearerAuth.Caller;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request: authenticates it (before saying whether a path or method exists), finds its
 * route, checks the caller's role, reads the body without holding a thread, runs the endpoint on a
 * pool thread and writes what it returns. Also answers the requests Jetty itself refuses (a
 * malformed request line, headers too large) in the same JSON shape.
 */
final class EndpointHandler extends Handler.Abstract {

    private static final Logger log = LoggerFactory.getLogger(WardenServer.class);
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String CHALLENGE = "Bearer realm=\"warden\"";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final Routes routes;
    private final BearerAuth auth; // null when auth is off
    private final ConsoleSessions sessions; // null when auth is off
    private final RequestDeadline deadline;
    private final Executor executor;

    EndpointHandler(Routes routes, BearerAuth auth, ConsoleSessions sessions, RequestDeadline deadline, Executor executor) {
        this.routes = routes;
        this.auth = auth;
        this.sessions = sessions;
        this.deadline = deadline;
        this.executor = executor;
    }

    @Override
    public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        Routes.Match match = routes.match(path);
        Caller caller = auth == null ? Caller.ANONYMOUS : null;
        // authenticate before saying whether a path or method exists, so a stranger learns nothing of the API
        boolean guarded = match == null ? path.startsWith("/api/") || path.equals("/api") : match.route().guarded();
        List<String> authorization = request.getHeaders().getValuesList(HttpHeader.AUTHORIZATION);
        if (caller == null && !authorization.isEmpty()) {
            caller = auth.authenticate(authorization); // an open endpoint tells a token holder more (/health)
        }
        ConsoleSessions.Session session = null;
        if (caller == null && authorization.isEmpty() && sessions != null) {
            session = sessions.find(sessionCookie(request));
            caller = session == null ? null : session.caller();
        }
        if (caller == null && guarded) {
            denied(request, 401, authorization.isEmpty() ? "no_token" : "bad_token", null);
            return answer(request, response, callback, Response.error(401, "authentication required", null)
                    .withHeader("WWW-Authenticate", CHALLENGE));
        }
        if (match == null) {
            return answer(request, response, callback, Response.error(404, "not found", path));
        }
        Routes.Endpoint endpoint = match.route().endpoint(method);
        if (endpoint == null) {
            return answer(request, response, callback, Response.error(405, "method " + method + " not allowed, use "
                    + match.route().allow(), path).withHeader("Allow", match.route().allow()));
        }
        if (endpoint.role() != null && !caller.role().allows(endpoint.role())) {
            denied(request, 403, "role", caller);
            return answer(request, response, callback, Response.error(403, "the " + caller.role() + " role cannot do this; an "
                    + endpoint.role() + " token is needed", null)
                    .withHeader("WWW-Authenticate", CHALLENGE + ", error=\"insufficient_scope\""));
        }
        boolean safe = "GET".equals(method) || "HEAD".equals(method);
        if (session != null && !safe && !session.csrfMatches(request.getHeaders().get(ConsoleSessions.CSRF_HEADER))) {
            // the cookie comes with any request the browser makes; only the console's own page knows this token
            denied(request, 403, "csrf", caller);
            return answer(request, response, callback, Response.error(403, "the " + ConsoleSessions.CSRF_HEADER
                    + " header is missing or wrong; reload the console", path));
        }
        var exchange = new Exchange(request, response, callback, endpoint, match.id(), caller, session);
        if (safe) {
            exchange.run(new byte[0]);
            return true;
        }
        if (hasBody(request) && !declaredJson(request)) {
            // a browser sends text/plain, forms and multipart across sites without asking; JSON it must ask for first
            return answer(request, response, callback, Response.error(415, "a request body must be Content-Type: "
                    + "application/json", path));
        }
        if (request.getLength() > MAX_BODY_BYTES) { // refused before a byte of it is read
            return answer(request, response, callback, tooLarge(path));
        }
        // no thread waits for a body that may never come: the deadline closes the connection instead
        Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).whenCompleteAsync((body, failure) -> {
            if (failure == null) {
                exchange.run(body);
            } else if (Request.getContentBytesRead(request) > MAX_BODY_BYTES) {
                answer(request, response, callback, tooLarge(path));
            } else { // cut short by the deadline or the client: the 408 reaches a client still listening
                answer(request, response, callback, Response.error(408, "the request was not received in time", path));
            }
        }, executor);
        return true;
    }

    /** Answers what Jetty refuses before a handler sees it (a bad request line, headers too large). */
    boolean refused(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
        int status = request.getAttribute(org.eclipse.jetty.server.handler.ErrorHandler.ERROR_STATUS) instanceof Integer code
                ? code : 500;
        return answer(request, response, callback, Response.error(status, HttpStatus.getMessage(status).toLowerCase(
                java.util.Locale.ROOT), null));
    }

    /** One request on its way to its endpoint, once its body is read. */
    private final class Exchange {
        private final Request request;
        private final org.eclipse.jetty.server.Response response;
        private final Callback callback;
        private final Routes.Endpoint endpoint;
        private final String id;
        private final Caller caller;
        private final ConsoleSessions.Session session;

        Exchange(Request request, org.eclipse.jetty.server.Response response, Callback callback, Routes.Endpoint endpoint,
                 String id, Caller caller, ConsoleSessions.Session session) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.endpoint = endpoint;
            this.id = id;
            this.caller = caller;
            this.session = session;
        }

        void run(byte[] body) {
            String method = request.getMethod();
            String path = request.getHttpURI().getPath();
            Response answer;
            try {
                answer = endpoint.handler().apply(new Routes.Request(method, path, id, query(request), body, caller,
                        session));
            } catch (WardenException e) {
                answer = e.exitCode() == WardenException.USAGE ? Response.error(400, e.getMessage(), path) : failed(method, path, e);
            } catch (RuntimeException e) {
                answer = failed(method, path, e);
            }
            answer(request, response, callback, answer);
        }
    }

    private boolean answer(Request request, org.eclipse.jetty.server.Response response, Callback callback, Response answer) {
        deadline.met(request.getConnectionMetaData().getConnection());
        response.setStatus(answer.status());
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, answer.contentType());
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        // no page of this server runs inline script, loads from elsewhere or may be framed
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        answer.headers().forEach(headers::put);
        boolean noBody = "HEAD".equals(request.getMethod()) || answer.status() == 204;
        if (!noBody) {
            headers.put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        }
        response.write(true, noBody ? ByteBuffer.allocate(0) : ByteBuffer.wrap(answer.body()), callback);
        return true;
    }

    private static String sessionCookie(Request request) {
        String found = null;
        for (var cookie : Request.getCookies(request)) {
            if (ConsoleSessions.COOKIE.equals(cookie.getName())) {
                if (found != null) {
                    return null; // two session cookies: trust neither
                }
                found = cookie.getValue();
            }
        }
        return found;
    }

    /** The query's parameters, decoded; the first value of each name; none when the query is malformed. */
    private static java.util.Map<String, String> query(Request request) {
        String raw = request.getHttpURI().getQuery();
        var params = new java.util.LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        try {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException e) {
            params.clear();
        }
        return params;
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private static boolean declaredJson(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return type != null && type.split(";", 2)[0].strip().equalsIgnoreCase("application/json");
    }

    private static Response tooLarge(String path) {
        return Response.error(413, "the request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB", path);
    }

    private static Response failed(String method, String path, RuntimeException e) {
        // the details may name files or hosts: they go to the log, the caller gets a pointer to it
        log.error("event=http_handler_failed method={} path={} reason=\"{}\"", method, path, e.toString(), e);
        return Response.error(500, "internal error; see the Warden log", path);
    }

    private static void denied(Request request, int status, String reason, Caller caller) {
        String path = request.getHttpURI().getPath();
        log.warn("event=http_denied status={} reason={} method={} path={} remote={}:{} token={}", status, reason,
                request.getMethod(), path.length() > 200 ? path.substring(0, 200) + "..." : path,
                Request.getRemoteAddr(request), Request.getRemotePort(request), caller == null ? "-" : caller.name());
    }
}
