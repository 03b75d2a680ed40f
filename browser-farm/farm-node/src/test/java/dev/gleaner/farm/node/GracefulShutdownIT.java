package dev.gleaner.farm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.lease.LeaseDecision;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.node.pool.BrowserPool;
import dev.gleaner.testsupport.TestChromium;
import dev.gleaner.testsupport.TestFixtureSite;
import dev.gleaner.testsupport.TestRedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shutting a node down while it renders: it leaves the registry at once, and the render in flight
 * finishes and is answered before the browsers close (the pool stops after the web server drained).
 * The page takes 12 s: longer than the 10 s the pool used to wait for a render when it stopped first.
 */
class GracefulShutdownIT {

    private static final FixtureSite SITE = TestFixtureSite.get();

    @Test
    void aRenderInFlightWhenTheNodeStopsStillCompletes() throws Exception {
        // as arguments: they outrank application.yml (default properties would not)
        ConfigurableApplicationContext node = new SpringApplicationBuilder(FarmNodeApplication.class).run(
                "--server.port=0",
                "--gleaner.farm.redis-url=" + TestRedis.url(),
                "--gleaner.farm.redis-namespace=graceful-it",
                "--gleaner.farm.chromium-path=" + TestChromium.path(),
                "--gleaner.farm.capacity=1",
                "--gleaner.farm.allowed-targets=127.0.0.1:" + SITE.port(),
                "--gleaner.farm.node-id=graceful-node",
                "--gleaner.farm.advertised-url=http://localhost:0");
        int port = ((WebServerApplicationContext) node).getWebServer().getPort();
        NodeRegistry registry = node.getBean(NodeRegistry.class);
        BrowserPool pool = node.getBean(BrowserPool.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.liveNodes().map(NodeInfo::nodeId).collectList()
                .block().contains("graceful-node"));
        Lease lease = ((LeaseDecision.Granted) node.getBean(LeaseBroker.class)
                .acquire("graceful-tenant", 0, Duration.ofSeconds(60)).block()).lease();

        String body = "{\"leaseId\":\"" + lease.leaseId() + "\",\"fencingToken\":" + lease.fencingToken()
                + ",\"url\":\"" + SITE.url("/slow?ms=12000") + "\",\"timeoutMs\":30000,\"requestId\":\"graceful\"}";
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> render = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/render"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.busy() == 1);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(node::close);
        await().atMost(Duration.ofSeconds(10)).until(() -> !registry.liveNodes().map(NodeInfo::nodeId).collectList()
                .block().contains("graceful-node"));

        HttpResponse<String> response = render.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = JsonMapper.builder().build().readTree(response.body());
        assertThat(result.get("outcome").asString()).isEqualTo("OK");
        assertThat(result.get("html").asString()).contains("Finally here.");
        closing.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
}
