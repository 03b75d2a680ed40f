package dev.gleaner.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for core-api behind the gateway: healthy, knows one token, and answers every other
 * request with the headers and path it received, so tests see exactly what the gateway forwards.
 */
final class StubCoreApi implements AutoCloseable {

    static final String VALID_TOKEN = "glt_0123456789ab_" + "A".repeat(43);
    static final UUID TENANT = UUID.randomUUID();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What one forwarded request looked like on arrival. */
    record Received(String method, String rawPath, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : values.getFirst();
        }
    }

    private final HttpServer server;
    final AtomicInteger introspections = new AtomicInteger();
    /** What introspection answers for {@link #VALID_TOKEN}: no plan limits unless a test sets them. */
    volatile Map<String, Object> active = Map.of("active", true, "tenantId", TENANT.toString(), "tenantName", "stub");
    final ConcurrentLinkedQueue<Received> forwarded = new ConcurrentLinkedQueue<>();

    StubCoreApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.equals("/actuator/health/readiness")) {
            reply(exchange, 200, Map.of("status", "UP"));
        } else if (path.equals("/internal/v1/tokens/introspect")) {
            introspections.incrementAndGet();
            boolean valid = new String(body, StandardCharsets.UTF_8).contains(VALID_TOKEN);
            reply(exchange, 200, valid ? active : Map.of("active", false));
        } else {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            forwarded.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    headers, body));
            // as core-api does: the request id it was given comes back
            String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
            if (requestId != null) {
                exchange.getResponseHeaders().set("X-Request-Id", requestId);
            }
            reply(exchange, 200, Map.of("ok", true));
        }
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
