package dev.gleaner.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** Debian's nginx, really started, over two local upstreams. */
class NginxBalancerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void balancesOverEveryUpstreamAndMovesARequestFromOneThatIsDown(@TempDir Path dir) throws Exception {
        Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
        HttpServer one = upstream("one", served);
        HttpServer two = upstream("two", served);
        int down = Ports.free();
        try (NginxBalancer nginx = NginxBalancer.start(dir, 0, List.of(address(one), address(two), "127.0.0.1:" + down),
                true, Duration.ofSeconds(60))) {
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(nginx.url() + "/v1/x"))
                        .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
            }
            assertThat(served.get("one").get()).isPositive();
            assertThat(served.get("two").get()).isPositive();
            assertThat(served.get("one").get() + served.get("two").get()).as("each request served once").isEqualTo(30);
        } finally {
            one.stop(0);
            two.stop(0);
        }
    }

    @Test
    void readsLongerThanTheLongestSynchronousScrapeAndDoesNotBufferEvents(@TempDir Path dir) {
        String conf = NginxBalancer.configuration(dir, 1234, List.of("127.0.0.1:1"), false);
        assertThat(conf).contains("proxy_read_timeout 200s;", "proxy_buffering off;", "access_log off;",
                "proxy_next_upstream error timeout;");
        assertThat(NginxBalancer.READ_TIMEOUT).isGreaterThan(Duration.ofSeconds(190));
    }

    private static HttpServer upstream(String name, Map<String, AtomicInteger> served) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            served.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String address(HttpServer server) {
        return "127.0.0.1:" + server.getAddress().getPort();
    }
}
