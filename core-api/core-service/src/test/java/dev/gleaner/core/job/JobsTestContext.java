package dev.gleaner.core.job;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.CoreApiCalls;
import dev.gleaner.core.StubNode;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import dev.gleaner.testsupport.FakeModelServer;
import dev.gleaner.testsupport.FixtureModel;
import dev.gleaner.testsupport.TestCrawlSite;
import dev.gleaner.testsupport.TestFixtureSite;
import dev.gleaner.testsupport.TestGateSite;
import dev.gleaner.testsupport.TestRedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One core-api context for the job and batch tests (shared: both classes inherit this configuration), on
 * real PostgreSQL and Redis, with its worker running jobs on a stub farm node that renders at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "120s")
public abstract class JobsTestContext {

    protected static final String NAMESPACE = "jobs-it";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final Duration DEADLINE = Duration.ofSeconds(60);
    protected static final String PAGE = "http://127.0.0.1:9/page";
    /** The name of the one tenant allowed to crawl with {@code respectRobots: false} (a test creates it). */
    protected static final String ROBOTS_OVERRIDE_TENANT = "robots-override-" + UUID.randomUUID();
    /** A port the egress guard lets webhooks reach; nothing listens there until a test starts a receiver. */
    protected static final int RECEIVER_PORT = Ports.free();
    /** The language model of the context: an OpenAI-compatible server on loopback, not in the allowed targets. */
    protected static final FakeModelServer MODEL = FixtureModel.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CoreApiCalls.register(registry);
        registry.add("gleaner.core.redis-url", TestRedis::url);
        registry.add("gleaner.core.redis-namespace", () -> NAMESPACE);
        registry.add("gleaner.core.lease-wait", () -> "500ms");
        registry.add("gleaner.core.allowed-targets", () -> "127.0.0.1:9,127.0.0.1:" + RECEIVER_PORT + ",127.0.0.1:"
                + TestFixtureSite.get().port() + ",127.0.0.1:" + TestCrawlSite.get().port() + ","
                + TestGateSite.get().hostAndPort());
        registry.add("gleaner.core.crawls.robots-override-tenants", () -> ROBOTS_OVERRIDE_TENANT);
        registry.add("gleaner.core.jobs.claim-idle", () -> "3s");
        registry.add("gleaner.core.jobs.sweep-interval", () -> "300ms");
        registry.add("gleaner.core.jobs.retry-base", () -> "100ms");
        registry.add("gleaner.core.jobs.retry-max", () -> "300ms");
        // so small that any page's rawHtml is stored as an artifact here
        registry.add("gleaner.core.content.raw-html-inline", () -> "30B");
        registry.add("gleaner.core.webhooks.retry-base", () -> "200ms");
        registry.add("gleaner.core.webhooks.retry-max", () -> "400ms");
        registry.add("gleaner.core.webhooks.max-attempts", () -> "4");
        registry.add("gleaner.core.webhooks.poll-interval", () -> "200ms");
        registry.add("gleaner.core.webhooks.timeout", () -> "2s");
        registry.add("gleaner.llm.base-url", MODEL::baseUrl);
        registry.add("gleaner.llm.api-key", () -> FixtureModel.KEY);
        registry.add("gleaner.llm.model", () -> "fixture-model");
        registry.add("gleaner.llm.retry-backoff", () -> "100ms");
    }

    protected static final RedisConnector redis = new RedisConnector(TestRedis.url());
    protected static final NodeRegistry registry = new RedisNodeRegistry(redis.reactive(), new FarmKeys(NAMESPACE));
    protected static StubNode node;
    protected static NodeInfo registered;

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected DatabaseClient db;
    @Autowired
    protected JobRuns runs;

    protected final List<NodeInfo> extraNodes = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = new StubNode(StubNode.Behaviour.RENDERS);
        registered = register("renders-" + UUID.randomUUID(), node, 4);
    }

    @AfterAll
    static void stopNode() throws Exception {
        registry.deregister(registered.nodeId()).block(Duration.ofSeconds(10));
        node.close();
    }

    @AfterEach
    void deregisterExtraNodes() {
        extraNodes.forEach(n -> registry.deregister(n.nodeId()).block(Duration.ofSeconds(10)));
        registry.heartbeat(registered, Duration.ofSeconds(600)).block(Duration.ofSeconds(10));
    }

    protected static NodeInfo register(String name, StubNode stub, int capacity) {
        NodeInfo info = new NodeInfo(name, stub.url(), capacity);
        registry.heartbeat(info, Duration.ofSeconds(600)).block(Duration.ofSeconds(10));
        return info;
    }

    protected CoreApiCalls calls() {
        return new CoreApiCalls(web);
    }

    protected static String tenant(TenantView tenant) {
        return "tenant:" + tenant.id();
    }

    /**
     * A job submission. The page URL answers nothing over HTTP (only the stub node "renders" it), so a body
     * that does not say how to render is rendered in the browser.
     */
    protected WebTestClient.ResponseSpec submit(TenantView tenant, Object body, String idempotencyKey) {
        WebTestClient.RequestHeadersSpec<?> request = calls().signedPost(tenant(tenant), "/v1/jobs", inBrowser(body));
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.exchange();
    }

    /** {@code body} with {@code render: browser} unless it says otherwise (only the stub node serves the page). */
    protected static Object inBrowser(Object body) {
        if (body instanceof Map<?, ?> map && !map.containsKey("render")) {
            Map<Object, Object> browser = new java.util.LinkedHashMap<>(map);
            browser.put("render", "browser");
            return browser;
        }
        return body;
    }

    protected UUID submitted(TenantView tenant, Object body) {
        JsonNode accepted = JSON.readTree(submit(tenant, body, null).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody());
        return UUID.fromString(accepted.get("id").asString());
    }

    protected JsonNode job(TenantView tenant, UUID id) {
        return JSON.readTree(calls().signedGet(tenant(tenant), "/v1/jobs/" + id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    protected JsonNode awaitStatus(TenantView tenant, UUID id, String status) {
        return await("job " + id + " " + status).atMost(DEADLINE)
                .until(() -> job(tenant, id), j -> j.get("status").asString().equals(status));
    }

    protected List<String> attemptOutcomes(UUID id) {
        return db.sql("SELECT coalesce(outcome, 'open') AS o FROM job_attempts WHERE job_id = :id ORDER BY attempt")
                .bind("id", id).map(r -> r.get("o", String.class)).all().collectList().block(Duration.ofSeconds(10));
    }
}
