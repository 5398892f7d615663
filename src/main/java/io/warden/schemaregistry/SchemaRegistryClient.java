package io.warden.schemaregistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Schema Registry REST API as Confluent defines it. URLs are tried in order until
 * one answers; an answer with an error status ends the request, since another instance of the same
 * registry would give the same answer. Every failure throws {@link SchemaRegistryException} with
 * the request, the status and the registry's message.
 */
public final class SchemaRegistryClient {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

    private final SchemaRegistrySettings settings;
    private final HttpClient http;
    private final String authorization;

    public SchemaRegistryClient(SchemaRegistrySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.authorization = settings.basicAuth() ? "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8)) : null;
    }

    /** Every subject with its live versions and compatibility, and the global compatibility and mode. */
    public RegistryContent read() throws InterruptedException {
        String compatibility = globalCompatibility();
        String mode = mode();
        Map<String, SubjectSchemas> subjects = new LinkedHashMap<>();
        for (String subject : subjects()) {
            List<SchemaVersion> versions = new ArrayList<>();
            for (int v : versions(subject)) {
                versions.add(version(subject, v));
            }
            subjects.put(subject, new SubjectSchemas(subjectCompatibility(subject), versions));
        }
        return new RegistryContent(compatibility, mode, subjects);
    }

    public List<String> subjects() throws InterruptedException {
        List<String> out = new ArrayList<>();
        json(ok("GET", "/subjects", null), "/subjects").forEach(n -> out.add(n.asText()));
        return out;
    }

    public List<Integer> versions(String subject) throws InterruptedException {
        String path = "/subjects/" + segment(subject) + "/versions";
        List<Integer> out = new ArrayList<>();
        json(ok("GET", path, null), path).forEach(n -> out.add(n.asInt()));
        out.sort(null);
        return out;
    }

    public SchemaVersion version(String subject, int version) throws InterruptedException {
        String path = "/subjects/" + segment(subject) + "/versions/" + version;
        JsonNode n = json(ok("GET", path, null), path);
        List<SchemaReference> refs = new ArrayList<>();
        n.path("references").forEach(r -> refs.add(new SchemaReference(r.path("name").asText(), r.path("subject").asText(),
                r.path("version").asInt())));
        return new SchemaVersion(n.path("version").asInt(version), n.path("id").asInt(), n.path("schemaType").asText(null),
                n.path("schema").asText(), refs);
    }

    public String globalCompatibility() throws InterruptedException {
        return json(ok("GET", "/config", null), "/config").path("compatibilityLevel").asText(null);
    }

    /** The subject's own level, or null when it has none (a registry that cannot tell answers with a level). */
    public String subjectCompatibility(String subject) throws InterruptedException {
        String path = "/config/" + segment(subject) + "?defaultToGlobal=false";
        Reply reply = send("GET", path, null);
        if (reply.status() == 404) {
            return null;
        }
        return json(checked("GET", path, reply).body(), path).path("compatibilityLevel").asText(null);
    }

    /** The global mode, or null when the registry has no mode API (it answers 404). */
    public String mode() throws InterruptedException {
        Reply reply = send("GET", "/mode", null);
        if (reply.status() == 404) {
            return null;
        }
        return json(checked("GET", "/mode", reply).body(), "/mode").path("mode").asText(null);
    }

    /**
     * Registers a schema under the subject and returns the id the registry gave it. With
     * {@code keepIdAndVersion} the request asks for the version's own id and version number, which
     * a registry honours only while the subject is in IMPORT mode.
     */
    public int register(String subject, SchemaVersion v, boolean keepIdAndVersion) throws InterruptedException {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("schema", v.schema());
        body.put("schemaType", v.schemaType());
        var refs = body.putArray("references");
        v.references().forEach(r -> refs.addObject().put("name", r.name()).put("subject", r.subject()).put("version", r.version()));
        if (keepIdAndVersion) {
            body.put("id", v.id()).put("version", v.version());
        }
        String path = "/subjects/" + segment(subject) + "/versions";
        int id = json(ok("POST", path, body.toString()), path).path("id").asInt();
        log.info("schema-registry-register subject={} id={} backupVersion={} backupId={} keepIds={}", subject, id, v.version(),
                v.id(), keepIdAndVersion);
        return id;
    }

    public void setCompatibility(String subject, String level) throws InterruptedException {
        ok("PUT", "/config/" + segment(subject), MAPPER.createObjectNode().put("compatibility", level).toString());
        log.info("schema-registry-set-compatibility subject={} level={}", subject, level);
    }

    public void setMode(String subject, String mode) throws InterruptedException {
        ok("PUT", "/mode/" + segment(subject), MAPPER.createObjectNode().put("mode", mode).toString());
        log.info("schema-registry-set-mode subject={} mode={}", subject, mode);
    }

    /** Removes the subject's own mode, so it follows the global one again. */
    public void deleteMode(String subject) throws InterruptedException {
        ok("DELETE", "/mode/" + segment(subject), null);
        log.info("schema-registry-delete-mode subject={}", subject);
    }

    private record Reply(URI url, int status, String body) {
        boolean ok() {
            return status >= 200 && status <= 299;
        }
    }

    private String ok(String method, String path, String json) throws InterruptedException {
        return checked(method, path, send(method, path, json)).body();
    }

    private Reply checked(String method, String path, Reply reply) {
        if (reply.ok()) {
            return reply;
        }
        String message = "";
        int code = 0;
        try {
            JsonNode n = MAPPER.readTree(reply.body() == null ? "" : reply.body());
            message = n.path("message").asText("");
            code = n.path("error_code").asInt(0);
        } catch (JsonProcessingException e) {
            message = reply.body() == null ? "" : reply.body().replaceAll("\\s+", " ").strip();
        }
        if (message.length() > 500) {
            message = message.substring(0, 500) + "...";
        }
        String hint = reply.status() == 401 || reply.status() == 403
                ? " (check --schema-registry-user and WARDEN_SCHEMA_REGISTRY_PASSWORD)" : "";
        throw new SchemaRegistryException(method + " " + reply.url() + path + " answered HTTP " + reply.status()
                + (message.isEmpty() ? "" : ": " + message) + hint, reply.status(), code, message);
    }

    private Reply send(String method, String path, String json) throws InterruptedException {
        List<String> silent = new ArrayList<>();
        for (URI url : settings.urls()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(settings.timeout())
                    .header("Accept", MEDIA_TYPE + ", application/json")
                    .header("User-Agent", "warden")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            if (json != null) {
                request.header("Content-Type", MEDIA_TYPE);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Reply(url, response.statusCode(), response.body());
            } catch (IOException e) {
                silent.add(url + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }
        throw new SchemaRegistryException("no Schema Registry URL answered " + method + " " + path + ": "
                + String.join("; ", silent), 0, 0, "");
    }

    private static JsonNode json(String body, String path) {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(path + " answered with something that is not JSON: " + e.getOriginalMessage()
                    + "; is the URL a Schema Registry (Apicurio: .../apis/ccompat/v7)?", 200, 0, "");
        }
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + settings + "]";
    }
}
