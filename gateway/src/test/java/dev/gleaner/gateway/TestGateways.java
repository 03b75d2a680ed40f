package dev.gleaner.gateway;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Gateway instances started in the test JVM in front of a {@link StubCoreApi}, and calls through them. */
final class TestGateways implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    /**
     * Starts a gateway routing to {@code core} with {@code secret}, on {@code redisUrl} under {@code namespace},
     * with {@code more} arguments, and waits until it routes; its URL.
     */
    String start(StubCoreApi core, String secret, String redisUrl, String namespace, String... more) {
        List<String> args = new ArrayList<>(List.of(
                // arguments, not default properties: application.yml would win over those
                "--server.port=0",
                "--gleaner.gateway.core-api-urls=http://127.0.0.1:" + core.port(),
                "--gleaner.gateway.identity-secret=" + secret,
                "--gleaner.gateway.redis-url=" + redisUrl,
                "--gleaner.gateway.redis-namespace=" + namespace));
        args.addAll(List.of(more));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class)
                .run(args.toArray(String[]::new));
        started.add(context);
        String url = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
        // the load balancer routes only to instances whose health check passed once
        await("core-api seen healthy").atMost(Duration.ofSeconds(60)).until(() -> get(url, StubCoreApi.VALID_TOKEN)
                .statusCode() != 503);
        return url;
    }

    List<ConfigurableApplicationContext> contexts() {
        return List.copyOf(started);
    }

    /** {@code GET /v1/jobs} through {@code gateway} with {@code token}. */
    static HttpResponse<String> get(String gateway, String token) {
        return getAsync(gateway, token).join();
    }

    static CompletableFuture<HttpResponse<String>> getAsync(String gateway, String token) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway + "/v1/jobs")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code count} GETs sent at once, alternating between gateways {@code a} and {@code b}; their answers, in order. */
    static List<HttpResponse<String>> getAlternately(String a, String b, String token, int count) {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(getAsync(i % 2 == 0 ? a : b, token));
        }
        return sent.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public void close() {
        started.forEach(ConfigurableApplicationContext::close);
    }
}
