package dev.gleaner.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.CoreApiCalls;
import dev.gleaner.core.StubNode;
import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.TokenRecord;
import dev.gleaner.core.site.RobotsRules;
import dev.gleaner.core.site.SiteUrls;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import dev.gleaner.testsupport.TestRedisCluster;
import crawlercommons.robots.BaseRobotRules;
import io.lettuce.core.SetArgs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * core-api on a real three-node Redis Cluster ({@code GLEANER_REDIS_URL=redis-cluster://…}): the job stream and
 * its scripts, the farm's leases, the domain gate's scripts, the usage meter's, token records, the replay guard
 * of every signed call, the sign-in throttle and the robots.txt cache, each script's keys in one slot by their
 * hash tag.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "120s")
class RedisClusterIT {

    private static final String NAMESPACE = "cluster-it";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String PAGE = "http://127.0.0.1:9/page";

    private static RedisConnector redis;
    private static StubNode node;
    private static NodeInfo registered;

    @Autowired
    private WebTestClient web;
    @Autowired
    private RobotsRules robots;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CoreApiCalls.register(registry);
        registry.add("gleaner.core.redis-url", () -> TestRedisCluster.get().url());
        registry.add("gleaner.core.redis-namespace", () -> NAMESPACE);
        registry.add("gleaner.core.lease-wait", () -> "500ms");
        registry.add("gleaner.core.allowed-targets", () -> "127.0.0.1:9");
        registry.add("gleaner.core.jobs.sweep-interval", () -> "300ms");
    }

    @BeforeAll
    static void startNode() {
        redis = new RedisConnector(TestRedisCluster.get().url());
        node = new StubNode(StubNode.Behaviour.RENDERS);
        registered = new NodeInfo("cluster-node-" + UUID.randomUUID(), node.url(), 4);
        new RedisNodeRegistry(redis.reactive(), new FarmKeys(NAMESPACE)).heartbeat(registered, Duration.ofSeconds(600))
                .block(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopNode() throws Exception {
        new RedisNodeRegistry(redis.reactive(), new FarmKeys(NAMESPACE)).deregister(registered.nodeId())
                .block(Duration.ofSeconds(10));
        node.close();
        redis.close();
    }

    private CoreApiCalls calls() {
        return new CoreApiCalls(web);
    }

    @Test
    void aJobGoesThroughTheStreamTheLeaseTheDomainGateAndTheUsageMeterOnACluster() {
        assertThat(redis.reactive().clusterInfo().block(Duration.ofSeconds(5))).contains("cluster_state:ok");
        TenantView tenant = calls().createTenant("cluster-" + UUID.randomUUID());
        String principal = "tenant:" + tenant.id();
        JsonNode accepted = JSON.readTree(calls().signedPost(principal, "/v1/jobs", Map.of("url", PAGE, "render", "browser"))
                .exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody());
        String id = accepted.get("id").asString();

        JsonNode done = await("the job ran").atMost(DEADLINE).until(() -> JSON.readTree(calls()
                        .signedGet(principal, "/v1/jobs/" + id).exchange().expectStatus().isOk()
                        .expectBody(String.class).returnResult().getResponseBody()),
                job -> !job.get("status").asString().equals("queued") && !job.get("status").asString().equals("running"));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(node.requests.get()).isPositive();

        JsonNode usage = JSON.readTree(calls().signedGet(principal, "/v1/usage").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(usage.get("used").get("requests").asLong()).as(usage.toString()).isEqualTo(1);

        // the domain views read the gate's per-domain state, one key a domain, each on its own node
        String domains = calls().admin().get().uri("/admin/v1/domains?q=127.0.0.1").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(domains).contains("\"domain\":\"127.0.0.1\"");
    }

    @Test
    void aTokensRecordIsPublishedToTheClusterAndIntrospectsFromIt() {
        TenantView tenant = calls().createTenant("cluster-token-" + UUID.randomUUID());
        IssuedToken issued = calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/tokens")
                .bodyValue(Map.of("name", "ci")).exchange().expectStatus().isCreated()
                .expectBody(IssuedToken.class).returnResult().getResponseBody();
        ApiTokenFormat.Parsed parts = ApiTokenFormat.parse(issued.token()).orElseThrow();
        String key = TokenRecord.key(NAMESPACE, ApiTokenFormat.hash(parts.secret()));
        assertThat(redis.reactive().exists(key).block(Duration.ofSeconds(5))).as(key).isEqualTo(1);
    }

    @Test
    void theSignInThrottleCountsAFailureOnACluster() {
        calls().admin().post().uri("/admin/v1/operators/sign-in").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", "admin", "password", "not-the-password-at-all", "clientAddress", "10.7.7.7"))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void robotsTxtIsReadFromTheClustersCacheAndWhatIsFetchedIsKeptThere() {
        // kept by another instance: read from the cluster, never fetched (nothing answers at cached.test)
        URI cachedSite = URI.create("http://cached-" + UUID.randomUUID() + ".test/page");
        String cachedKey = NAMESPACE + ":robots:" + SiteUrls.origin(cachedSite);
        redis.reactive().set(cachedKey, "200\ntext/plain\nUser-agent: *\nDisallow: /private\n", SetArgs.Builder.ex(60))
                .block(Duration.ofSeconds(10));
        BaseRobotRules cached = robots.forSite(cachedSite).block(DEADLINE);
        assertThat(cached.isAllowed(cachedSite.resolve("/private/x").toString())).isFalse();
        assertThat(cached.isAllowed(cachedSite.resolve("/public").toString())).isTrue();

        // fetched here (no answer on port 9: kept for a minute as "no robots.txt"), and written to the cluster
        URI fetchedSite = URI.create(PAGE);
        BaseRobotRules fetched = robots.forSite(fetchedSite).block(DEADLINE);
        assertThat(fetched.isAllowed(PAGE)).isTrue();
        String fetchedKey = NAMESPACE + ":robots:" + SiteUrls.origin(fetchedSite);
        assertThat(redis.reactive().get(fetchedKey).block(Duration.ofSeconds(10))).startsWith("0\n");
        assertThat(redis.reactive().pttl(fetchedKey).block(Duration.ofSeconds(10))).isBetween(1L, 60_000L);
    }
}
