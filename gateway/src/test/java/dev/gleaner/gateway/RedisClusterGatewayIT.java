package dev.gleaner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.plan.PlanLimits;
import dev.gleaner.core.client.plan.Rate;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.TokenRecord;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import dev.gleaner.testsupport.TestRedisCluster;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateways on a real three-node Redis Cluster ({@code GLEANER_REDIS_URL=redis-cluster://…}): Bucket4j's
 * buckets (one key each) shared by both, token records read from the cluster, last-used times written to it.
 */
class RedisClusterGatewayIT {

    private static final String SECRET = "cluster-gateway-it-identity-secret-0123";
    private static final String NAMESPACE = "cluster-gateway-it";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final StubCoreApi CORE = new StubCoreApi();
    /** A core-api instance the gateways know only from the cluster's registry. */
    private static final StubCoreApi REGISTERED = new StubCoreApi();
    private static final TestGateways GATEWAYS = new TestGateways();
    private static RedisConnector redis;
    private static String a;
    private static String b;

    private static String start() {
        // the buckets' sharing is what is tested here, not their latency: a busy machine must not make them fail open
        return GATEWAYS.start(CORE, SECRET, TestRedisCluster.get().url(), NAMESPACE,
                "--gleaner.gateway.rate-limit-timeout=5s", "--gleaner.gateway.rate-limit-fail-open=false",
                "--spring.cloud.loadbalancer.health-check.interval=1s");
    }

    @BeforeAll
    static void startGateways() {
        redis = new RedisConnector(TestRedisCluster.get().url());
        a = start();
        b = start();
    }

    @AfterAll
    static void stopAll() {
        GATEWAYS.close();
        CORE.close();
        REGISTERED.close();
        redis.close();
    }

    private static HttpResponse<String> get(String gateway, String token) {
        return TestGateways.get(gateway, token);
    }

    @Test
    void twoGatewaysShareEachTenantsBucketOnTheCluster() {
        Map<String, Object> rate = Map.of("perSecond", 1, "burst", 10);
        CORE.active = Map.of("active", true, "tenantId", UUID.randomUUID().toString(), "tenantName", "stub",
                "planId", UUID.randomUUID().toString(), "planVersion", 1,
                "limits", Map.of("scrape", rate, "jobs", rate, "crawls", rate, "read", rate));
        for (String gateway : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> get(gateway, StubCoreApi.VALID_TOKEN).headers()
                    .firstValue("RateLimit-Policy").orElse("").equals("\"read\";q=10;w=10"));
        }
        long start = System.nanoTime();
        List<HttpResponse<String>> answers = TestGateways.getAlternately(a, b, StubCoreApi.VALID_TOKEN, 30);
        double seconds = (System.nanoTime() - start) / 1e9;
        long admitted = answers.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(answers.stream().filter(r -> r.statusCode() == 429).count()).isEqualTo(30 - admitted);
        // 2 of the 10 were taken above; at most one more token a second comes while the 30 are sent
        assertThat(admitted).as("admitted across both gateways in %.1f s", seconds)
                .isBetween(8L, 8L + (long) Math.ceil(seconds) + 1);
    }

    @Test
    void aTokenRecordInTheClusterIsResolvedWithoutCoreApiAndItsLastUseIsWrittenBack() {
        ApiTokenFormat.Minted minted = ApiTokenFormat.mint();
        TokenRecord record = new TokenRecord(minted.publicId(), TokenRecord.ACTIVE, UUID.randomUUID(), "recorded",
                UUID.randomUUID(), 1L,
                new PlanLimits(new Rate(1000, 1000), new Rate(1000, 1000), new Rate(1000, 1000), new Rate(1000, 1000)));
        redis.reactive().set(TokenRecord.key(NAMESPACE, minted.secretHash()), JSON.writeValueAsString(record))
                .block(Duration.ofSeconds(10));
        for (String gateway : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> get(gateway, minted.token()).statusCode() == 200);
        }
        int before = CORE.introspections.get();
        for (int i = 0; i < 10; i++) {
            assertThat(get(i % 2 == 0 ? a : b, minted.token()).statusCode()).isEqualTo(200);
        }
        assertThat(CORE.introspections.get() - before).as("look-ups reaching core-api").isZero();
        String at = await().atMost(Duration.ofSeconds(30)).until(() -> redis.reactive()
                .hget(TokenRecord.lastUsedKey(NAMESPACE), minted.publicId()).block(Duration.ofSeconds(10)), v -> v != null);
        assertThat(Long.parseLong(at)).isPositive();
    }

    @Test
    void aCoreApiInstanceRegisteredInTheClusterIsDiscoveredAndGetsTrafficFromBothGateways() {
        RedisNodeRegistry registry = new RedisNodeRegistry(redis.reactive(), FarmKeys.instancesOf(NAMESPACE, "core-api"));
        NodeInfo instance = new NodeInfo("registered-" + UUID.randomUUID(), "http://127.0.0.1:" + REGISTERED.port(), 1);
        registry.heartbeat(instance, Duration.ofSeconds(120)).block(Duration.ofSeconds(10));
        try {
            for (String gateway : List.of(a, b)) {
                int before = REGISTERED.forwarded.size();
                await("the registered instance gets traffic from " + gateway).atMost(Duration.ofSeconds(60)).until(() -> {
                    get(gateway, StubCoreApi.VALID_TOKEN);
                    return REGISTERED.forwarded.size() > before;
                });
            }
        } finally {
            registry.deregister(instance.nodeId()).block(Duration.ofSeconds(10));
        }
        // and leaves both gateways' rotation when it deregisters (two GETs each would reach both instances)
        await("the deregistered instance leaves rotation").atMost(Duration.ofSeconds(60)).until(() -> {
            int before = REGISTERED.forwarded.size();
            for (String gateway : List.of(a, a, b, b)) {
                get(gateway, StubCoreApi.VALID_TOKEN);
            }
            return REGISTERED.forwarded.size() == before;
        });
    }
}
