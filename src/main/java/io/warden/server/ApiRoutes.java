package io.warden.server;

import io.warden.alert.Silence;
import io.warden.server.ApiToken.Role;
import io.warden.server.Routes.Request;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API over an {@link ApiBackend}: alerts, findings and silences as JSON with ISO-8601
 * times. Viewers read; operators also create and expire silences.
 */
final class ApiRoutes {

    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

    private final ApiBackend backend;

    ApiRoutes(ApiBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    void addTo(Routes routes) {
        routes.add("GET", "/api/alerts", Role.VIEWER, r -> ok(backend.alerts()))
                .add("GET", "/api/findings", Role.VIEWER, r -> ok(backend.findings()))
                .add("GET", "/api/silences", Role.VIEWER, r -> ok(backend.silences()))
                .add("POST", "/api/silences", Role.OPERATOR, this::addSilence)
                .add("DELETE", "/api/silences/{id}", Role.OPERATOR, this::expireSilence);
    }

    private Response addSilence(Request request) {
        SilenceRequest body = SilenceRequest.parse(request.body(), Response.MAPPER);
        Silence silence = backend.addSilence(body.matchers(), body.duration(), request.caller().name(), body.comment());
        log.info("event=silence_added id={} by={} matchers=\"{}\" ends_at={}", silence.id(), silence.createdBy(),
                silence.matchers(), silence.endsAt());
        return Response.json(201, silence).withHeader("Location", "/api/silences/" + silence.id());
    }

    private Response expireSilence(Request request) {
        if (!backend.expireSilence(request.id())) {
            return Response.error(404, "no silence has the id " + request.id(), request.path());
        }
        log.info("event=silence_expired id={} by={}", request.id(), request.caller().name());
        return Response.noContent();
    }

    private Response ok(Object value) {
        return Response.json(200, value);
    }

}
