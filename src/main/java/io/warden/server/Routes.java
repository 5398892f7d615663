package io.warden.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The endpoints by path and method, and the role each needs. A path is either exact or ends in
 * {@code /{id}}, one segment of letters, digits, dot, dash or underscore. GET also answers HEAD.
 */
final class Routes {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final List<String> METHOD_ORDER = List.of("GET", "HEAD", "POST", "PUT", "DELETE");

    /**
     * One request as the handlers see it. {@code id} is the {@code {id}} segment, or null;
     * {@code query} the decoded query parameters (the first of each name); {@code session} the
     * console session it came with, null when it came with a bearer token or none.
     */
    record Request(String method, String path, String id, Map<String, String> query, byte[] body,
                   BearerAuth.Caller caller, ConsoleSessions.Session session) {

        Request {
            query = Map.copyOf(query);
        }

        /** The query parameter {@code name}, or null. */
        String param(String name) {
            return query.get(name);
        }
    }

    /** {@code role} null means open to anyone. */
    record Endpoint(ApiToken.Role role, Function<Request, Response> handler) {
    }

    /** The endpoints of one path, by method. */
    record Route(Map<String, Endpoint> byMethod) {

        Endpoint endpoint(String method) {
            return byMethod.get("HEAD".equals(method) ? "GET" : method);
        }

        /** True when any method of this path needs a token, so an anonymous caller learns nothing of it. */
        boolean guarded() {
            return byMethod.values().stream().anyMatch(e -> e.role() != null);
        }

        String allow() {
            List<String> allowed = new ArrayList<>();
            for (String m : METHOD_ORDER) {
                if (byMethod.containsKey(m) || ("HEAD".equals(m) && byMethod.containsKey("GET"))) {
                    allowed.add(m);
                }
            }
            return String.join(", ", allowed);
        }
    }

    /** A route and the id its path carried. */
    record Match(Route route, String id) {
    }

    private final Map<String, Map<String, Endpoint>> exact = new LinkedHashMap<>();
    private final Map<String, Map<String, Endpoint>> withId = new LinkedHashMap<>();

    Routes add(String method, String path, ApiToken.Role role, Function<Request, Response> handler) {
        var table = path.endsWith("/{id}") ? withId : exact;
        String key = path.endsWith("/{id}") ? path.substring(0, path.length() - "{id}".length()) : path;
        table.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(method, new Endpoint(role, handler));
        return this;
    }

    /** The route serving {@code path}, or null. */
    Match match(String path) {
        var byMethod = exact.get(path);
        if (byMethod != null) {
            return new Match(new Route(byMethod), null);
        }
        int slash = path.lastIndexOf('/');
        if (slash >= 0) {
            byMethod = withId.get(path.substring(0, slash + 1));
            String id = path.substring(slash + 1);
            if (byMethod != null && ID.matcher(id).matches()) {
                return new Match(new Route(byMethod), id);
            }
        }
        return null;
    }
}
