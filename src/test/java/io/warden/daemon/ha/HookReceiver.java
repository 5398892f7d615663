package io.warden.daemon.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** A webhook on 127.0.0.1 that adds every event it receives to {@code received} as "cluster type key". */
final class HookReceiver {

    private HookReceiver() {
    }

    static HttpServer start(List<String> received) throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ObjectMapper json = new ObjectMapper();
        receiver.createContext("/hook", exchange -> {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            for (JsonNode e : body.get("events")) {
                received.add(body.get("cluster").asText() + " " + e.get("type").asText() + " " + e.get("key").asText());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return receiver;
    }
}
