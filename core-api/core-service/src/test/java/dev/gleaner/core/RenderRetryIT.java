package dev.gleaner.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import dev.gleaner.testsupport.TestRedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * core-api's side of a render, with stub nodes registered in a real Redis. When nodes fail: a node that
 * dies is marked suspect and the render goes to another node within the budget; a node that never
 * answers is a timeout (504), not "busy"; no problem names a node. And what a render brings back: its
 * screenshots are stored as artifacts that only the owning tenant can read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "120s")
class RenderRetryIT {

    private static final String NAMESPACE = "render-retry-it";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CoreApiCalls.register(registry);
        registry.add("gleaner.core.redis-url", TestRedis::url);
        registry.add("gleaner.core.redis-namespace", () -> NAMESPACE);
        registry.add("gleaner.core.lease-wait", () -> "1s");
        registry.add("gleaner.core.allowed-targets", () -> "127.0.0.1:9");
    }

    @Autowired
    WebTestClient web;

    private final RedisConnector redis = new RedisConnector(TestRedis.url());
    private final NodeRegistry registry = new RedisNodeRegistry(redis.reactive(), new FarmKeys(NAMESPACE));
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void closeRedis() {
        redis.close();
    }

    /** A test body run while the nodes are registered; they are deregistered afterwards, whatever happens. */
    @FunctionalInterface
    private interface WithNodes {
        void run(List<NodeInfo> nodes) throws Exception;
    }

    private void withNodes(List<NodeInfo> nodes, WithNodes body) throws Exception {
        try {
            body.run(nodes);
        } finally {
            for (NodeInfo node : nodes) {
                registry.deregister(node.nodeId()).block(Duration.ofSeconds(10));
            }
        }
    }

    private NodeInfo register(String name, StubNode node, int capacity) {
        NodeInfo info = new NodeInfo(name + "-" + run, node.url(), capacity);
        registry.heartbeat(info, Duration.ofSeconds(60)).block(Duration.ofSeconds(10));
        return info;
    }

    private WebTestClient.ResponseSpec scrape(TenantView tenant, int timeoutMs) {
        return new CoreApiCalls(web).signedPost("tenant:" + tenant.id(), "/v1/scrape",
                Map.of("url", "http://127.0.0.1:9/page", "timeoutMs", timeoutMs, "render", "browser")).exchange();
    }

    @Test
    void aRenderOnANodeThatDiesIsRetriedOnAnotherNodeAndTheDeadNodeIsPassedOverAfterwards() throws Exception {
        try (StubNode dying = new StubNode(StubNode.Behaviour.DIES); StubNode good = new StubNode(StubNode.Behaviour.RENDERS)) {
            // the dying node has the most free slots, so it is chosen first
            withNodes(List.of(register("dying", dying, 5), register("good", good, 1)), nodes -> {
                TenantView tenant = new CoreApiCalls(web).createTenant("retry-" + run);

                scrape(tenant, 20_000).expectStatus().isOk()
                        .expectBody().jsonPath("$.html").value(html -> assertThat((String) html).contains(good.url()));
                assertThat(dying.requests.get()).as("the dying node was tried first").isEqualTo(1);

                scrape(tenant, 20_000).expectStatus().isOk();
                assertThat(dying.requests.get()).as("a suspect node gets no new lease").isEqualTo(1);
                assertThat(good.requests.get()).isEqualTo(2);
            });
        }
    }

    @Test
    void whenEveryNodeFailsTheProblemSaysSoWithoutNamingAnyNode() throws Exception {
        try (StubNode dying = new StubNode(StubNode.Behaviour.DIES)) {
            withNodes(List.of(register("only-dying", dying, 5)), nodes -> {
                TenantView tenant = new CoreApiCalls(web).createTenant("all-fail-" + run);
                String body = scrape(tenant, 20_000).expectStatus().isEqualTo(503)
                        .expectBody(String.class).returnResult().getResponseBody();
                assertThat(body).contains("NODE_UNREACHABLE").doesNotContain(nodes.getFirst().nodeId())
                        .doesNotContain(dying.url())
                        .doesNotContain("127.0.0.1:" + dying.url().substring(dying.url().lastIndexOf(':') + 1));
            });
        }
    }

    @Test
    void aNodeThatNeverAnswersEndsInA504Timeout() throws Exception {
        try (StubNode hanging = new StubNode(StubNode.Behaviour.HANGS)) {
            withNodes(List.of(register("hanging", hanging, 1)), nodes -> {
                TenantView tenant = new CoreApiCalls(web).createTenant("timeout-" + run);
                String body = scrape(tenant, 1_000).expectStatus().isEqualTo(504)
                        .expectBody(String.class).returnResult().getResponseBody();
                assertThat(body).contains("\"outcome\":\"TIMEOUT\"").doesNotContain(nodes.getFirst().nodeId())
                        .doesNotContain(hanging.url());
            });
        }
    }

    @Test
    void aScreenshotIsStoredAndOnlyItsTenantCanReadIt() throws Exception {
        try (StubNode node = new StubNode(StubNode.Behaviour.RENDERS)) {
            withNodes(List.of(register("artifacts", node, 2)), nodes -> {
                CoreApiCalls calls = new CoreApiCalls(web);
                TenantView owner = calls.createTenant("owner-" + run);
                TenantView other = calls.createTenant("other-" + run);

                JsonNode answer = JSON.readTree(calls.signedPost("tenant:" + owner.id(), "/v1/scrape", Map.of(
                                "url", "http://127.0.0.1:9/page", "render", "browser",
                                "actions", List.of(Map.of("type", "screenshot")),
                                "formats", List.of(Map.of("type", "screenshot", "inline", true))))
                        .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());

                JsonNode screenshot = answer.get("screenshot");
                assertThat(screenshot.get("contentType").asString()).isEqualTo("image/png");
                assertThat(screenshot.get("bytes").asInt()).isEqualTo(StubNode.SCREENSHOT.length);
                assertThat(Base64.getDecoder().decode(screenshot.get("data").asString())).isEqualTo(StubNode.SCREENSHOT);
                assertThat(answer.has("html")).as("html only when asked for, once formats are given").isFalse();
                String url = screenshot.get("url").asString();
                assertThat(url).startsWith("/v1/artifacts/");
                JsonNode actionShot = answer.get("actions").get(0).get("value");
                assertThat(actionShot.has("data")).as("inline only where asked").isFalse();

                byte[] read = calls.signedGet("tenant:" + owner.id(), url).exchange().expectStatus().isOk()
                        .expectHeader().contentType("image/png")
                        .expectHeader().valueEquals("Cache-Control", "no-store, private")
                        .expectBody(byte[].class).returnResult().getResponseBody();
                assertThat(read).isEqualTo(StubNode.SCREENSHOT);
                calls.signedGet("tenant:" + owner.id(), actionShot.get("url").asString()).exchange()
                        .expectStatus().isOk();

                calls.signedGet("tenant:" + other.id(), url).exchange().expectStatus().isNotFound()
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
                calls.signedGet("tenant:" + owner.id(), "/v1/artifacts/" + UUID.randomUUID()).exchange()
                        .expectStatus().isNotFound();
            });
        }
    }
}
