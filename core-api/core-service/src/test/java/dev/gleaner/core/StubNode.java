package dev.gleaner.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A farm node as core-api sees one, for tests of core-api's side of a render: it renders
 * instantly, dies on every request (accepts and closes the connection), or never answers.
 */
public final class StubNode implements AutoCloseable {

    public enum Behaviour { RENDERS, DIES, HANGS }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What the stub answers for a screenshot: the PNG signature and a few bytes. */
    public static final byte[] SCREENSHOT = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

    public final AtomicInteger requests = new AtomicInteger();
    private final Behaviour behaviour;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final HttpServer http;
    private final ServerSocket raw;

    public StubNode(Behaviour behaviour) {
        this.behaviour = behaviour;
        try {
            if (behaviour == Behaviour.DIES) {
                raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                http = null;
                Thread.ofVirtual().start(this::acceptAndClose);
            } else {
                raw = null;
                http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
                http.createContext("/v1/render", this::render);
                http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
                http.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + (raw != null ? raw.getLocalPort() : http.getAddress().getPort());
    }

    private void acceptAndClose() {
        while (!raw.isClosed()) {
            try (Socket socket = raw.accept()) {
                requests.incrementAndGet();
                socket.getInputStream().read(new byte[1024]); // the request has arrived; now the node "dies"
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void render(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        if (behaviour == Behaviour.HANGS) {
            try {
                closed.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        String url = request.get("url").asString();
        Map<String, Object> result = new LinkedHashMap<>(Map.of("outcome", "OK", "url", url, "finalUrl", url,
                "statusCode", 200, "html", "<p>rendered by the node at " + url() + "</p>", "title", "stub",
                "renderMs", 2));
        // a screenshot asked for (as a format, or as the first action) comes back as SCREENSHOT's bytes
        List<Map<String, Object>> artifacts = new ArrayList<>();
        JsonNode options = request.path("options");
        for (JsonNode format : options.path("formats")) {
            if (format.path("type").asString().equals("screenshot")) {
                artifacts.add(Map.of("name", "screenshot", "contentType", "image/png", "data", SCREENSHOT));
            }
        }
        if (options.path("actions").path(0).path("type").asString().equals("screenshot")) {
            artifacts.add(Map.of("name", "action-0", "contentType", "image/png", "data", SCREENSHOT));
            result.put("actions", List.of(Map.of("type", "screenshot", "ok", true, "artifact", "action-0")));
        }
        result.put("artifacts", artifacts);
        byte[] body = JSON.writeValueAsBytes(result);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        if (raw != null) {
            raw.close();
        } else {
            http.stop(0);
        }
    }
}
