package dev.gleaner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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
import dev.gleaner.devstack.infra.EmbeddedRedisServer;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.farm.client.redis.RedisConnector;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateway instances on one Redis in front of a stub core-api. They resolve tokens from the records in
 * Redis without asking core-api, and refuse a revoked one within 2 s. The stub's token's plan is tight: they
 * draw from one bucket, so together they admit no more than the plan allows; a third instance fails
 * closed where the two fail open when Redis stops; an address that keeps sending unknown tokens is
 * refused before any look-up.
 */
class RateLimitIT {

    private static final String SECRET = "rate-limit-it-identity-secret-0123";
    private static final String NAMESPACE = "rate-limit-it";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final StubCoreApi CORE = new StubCoreApi();
    private static final int REDIS_PORT = Ports.free();
    private static EmbeddedRedisServer redis = EmbeddedRedisServer.start(REDIS_PORT);
    private static final TestGateways GATEWAYS = new TestGateways();
    private static String a;
    private static String b;
    private static String closed;

    private static String start(boolean failOpen) {
        return GATEWAYS.start(CORE, SECRET, "redis://127.0.0.1:" + REDIS_PORT, NAMESPACE,
                "--gleaner.gateway.rate-limit-fail-open=" + failOpen,
                "--gleaner.gateway.auth-failures-per-second=1",
                "--gleaner.gateway.auth-failures-burst=5");
    }

    @BeforeAll
    static void startGateways() {
        a = start(true);
        b = start(true);
        closed = start(false);
    }

    @AfterAll
    static void stopAll() {
        GATEWAYS.close();
        CORE.close();
        redis.close();
    }

    private static HttpResponse<String> get(String gateway, String token) {
        return TestGateways.get(gateway, token);
    }

    /** The stub's token now belongs to a fresh tenant (a fresh bucket) on a plan reading {@code perSecond}/{@code burst}. */
    private static void plan(int perSecond, int burst) {
        Map<String, Object> rate = Map.of("perSecond", perSecond, "burst", burst);
        CORE.active = Map.of("active", true, "tenantId", UUID.randomUUID().toString(), "tenantName", "stub",
                "planId", UUID.randomUUID().toString(), "planVersion", 1,
                "limits", Map.of("scrape", rate, "jobs", rate, "crawls", rate, "read", rate));
    }

    @Test
    void twoGatewaysTogetherAdmitNoMoreThanThePlanAllows() {
        plan(1, 20);
        // each gateway re-reads the token within its cache time (1 s); the first answer under the new plan
        // (the only one in this class with a burst of 20) takes the first token of its bucket
        for (String gateway : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> get(gateway, StubCoreApi.VALID_TOKEN).headers()
                    .firstValue("RateLimit-Policy").orElse("").equals("\"read\";q=20;w=20"));
        }

        long start = System.nanoTime();
        List<HttpResponse<String>> answers = TestGateways.getAlternately(a, b, StubCoreApi.VALID_TOKEN, 60);
        double seconds = (System.nanoTime() - start) / 1e9;

        long admitted = answers.stream().filter(r -> r.statusCode() == 200).count();
        long limited = answers.stream().filter(r -> r.statusCode() == 429).count();
        assertThat(admitted + limited).isEqualTo(60);
        // 2 of the 20 were taken above; at most one more token a second comes while the 60 are sent
        assertThat(admitted).as("admitted across both gateways in %.1f s", seconds)
                .isBetween(18L, 18L + (long) Math.ceil(seconds) + 1);
        HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s))
                .isPositive());
        assertThat(refused.headers().firstValue("RateLimit")).hasValueSatisfying(h -> assertThat(h).startsWith("\"read\";r=0;t="));
        assertThat(refused.body()).contains("Rate limited").contains("1 requests a second");
    }

    @Test
    void withRedisStoppedRequestsAreAdmittedWithoutLimitsOrRefusedAsConfigured() {
        plan(1, 1);
        // both gateways have read the plan (within their token cache time) and draw from its bucket
        await().atMost(Duration.ofSeconds(10)).until(() -> get(a, StubCoreApi.VALID_TOKEN).statusCode() == 429);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(closed, StubCoreApi.VALID_TOKEN).headers()
                .firstValue("RateLimit-Policy").isPresent());
        redis.close();
        try {
            await("fail open: admitted without limits").atMost(Duration.ofSeconds(30))
                    .until(() -> get(a, StubCoreApi.VALID_TOKEN).statusCode() == 200);
            for (int i = 0; i < 5; i++) {
                assertThat(get(a, StubCoreApi.VALID_TOKEN).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> refused = get(closed, StubCoreApi.VALID_TOKEN);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("Rate limits unavailable");
            MeterRegistry meters = GATEWAYS.contexts().getFirst().getBean(MeterRegistry.class);
            assertThat(meters.get("gleaner.gateway.rate.limit.unavailable").tag("policy", "open").counter().count())
                    .isPositive();
        } finally {
            redis = EmbeddedRedisServer.start(REDIS_PORT);
        }
        await("limits again once Redis is back").atMost(Duration.ofSeconds(30))
                .until(() -> get(a, StubCoreApi.VALID_TOKEN).statusCode() == 429);
    }

    /**
     * Seconds from {@code since} to the sending of the first request this gateway refused with 401; the
     * sending time, not the answer's, so a slow machine does not stretch it.
     */
    private static double refusedAfter(String gateway, String token, long since) {
        long deadline = since + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            if (get(gateway, token).statusCode() == 401) {
                return (sent - since) / 1e9;
            }
        }
        throw new AssertionError(gateway + " still admits the revoked token after 30 s");
    }

    @Test
    void aRevokedTokenIsRefusedByBothGatewaysWithinTwoSeconds() {
        plan(1000, 1000);
        Map<String, Object> active = CORE.active;
        await().atMost(Duration.ofSeconds(10)).until(() -> get(a, StubCoreApi.VALID_TOKEN).statusCode() == 200
                && get(b, StubCoreApi.VALID_TOKEN).statusCode() == 200);
        long revoked = System.nanoTime();
        CORE.active = Map.of("active", false);
        try {
            assertThat(refusedAfter(a, StubCoreApi.VALID_TOKEN, revoked)).as("seconds until gateway a refuses")
                    .isLessThanOrEqualTo(2.0);
            assertThat(refusedAfter(b, StubCoreApi.VALID_TOKEN, revoked)).as("seconds until gateway b refuses")
                    .isLessThanOrEqualTo(2.0);
        } finally {
            CORE.active = active;
        }
    }

    private static void putRecord(ApiTokenFormat.Minted minted, String status, UUID tenant) {
        TokenRecord record = new TokenRecord(minted.publicId(), status, tenant, "recorded", UUID.randomUUID(), 1L,
                new PlanLimits(new Rate(1000, 1000), new Rate(1000, 1000), new Rate(1000, 1000), new Rate(1000, 1000)));
        try (RedisConnector writer = new RedisConnector("redis://127.0.0.1:" + REDIS_PORT)) {
            writer.reactive().set(TokenRecord.key(NAMESPACE, minted.secretHash()), JSON.writeValueAsString(record))
                    .block(Duration.ofSeconds(10));
        }
    }

    @Test
    void aTokenWithARecordInRedisIsResolvedWithoutAskingCoreApiAndItsRevocationReachesBothGatewaysWithinTwoSeconds() {
        ApiTokenFormat.Minted minted = ApiTokenFormat.mint();
        putRecord(minted, TokenRecord.ACTIVE, UUID.randomUUID());
        // each gateway reads Redis once connected to it (the stub core-api does not know this token)
        for (String gateway : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> get(gateway, minted.token()).statusCode() == 200);
        }
        int before = CORE.introspections.get();
        for (int i = 0; i < 20; i++) {
            assertThat(get(i % 2 == 0 ? a : b, minted.token()).statusCode()).isEqualTo(200);
        }
        assertThat(CORE.introspections.get() - before).as("look-ups reaching core-api").isZero();
        // the same secret under another public id is not this token
        String forged = ApiTokenFormat.PREFIX + "abcdefabcdef_" + ApiTokenFormat.parse(minted.token()).orElseThrow().secret();
        assertThat(ApiTokenFormat.parse(forged)).as("well formed").isPresent();
        assertThat(get(a, forged).statusCode()).isEqualTo(401);

        long revoked = System.nanoTime();
        putRecord(minted, TokenRecord.REVOKED, UUID.randomUUID());
        assertThat(refusedAfter(a, minted.token(), revoked)).as("seconds until gateway a refuses").isLessThanOrEqualTo(2.0);
        assertThat(refusedAfter(b, minted.token(), revoked)).as("seconds until gateway b refuses").isLessThanOrEqualTo(2.0);
    }

    @Test
    void theLastUseOfATokenIsWrittenToRedisForCoreApi() {
        ApiTokenFormat.Minted minted = ApiTokenFormat.mint();
        putRecord(minted, TokenRecord.ACTIVE, UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).until(() -> get(b, minted.token()).statusCode() == 200);
        long used = System.currentTimeMillis() / 1000;
        try (RedisConnector reader = new RedisConnector("redis://127.0.0.1:" + REDIS_PORT)) {
            String at = await().atMost(Duration.ofSeconds(30)).until(() -> reader.reactive()
                    .hget(TokenRecord.lastUsedKey(NAMESPACE), minted.publicId()).block(Duration.ofSeconds(10)),
                    value -> value != null);
            assertThat(Long.parseLong(at)).isBetween(used - 5, used + 1);
        }
    }

    /** Seconds from {@code since} to the sending of the first request this gateway answered under {@code policy}. */
    private static double policyAfter(String gateway, String policy, long since) {
        long deadline = since + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            if (get(gateway, StubCoreApi.VALID_TOKEN).headers().firstValue("RateLimit-Policy").orElse("").equals(policy)) {
                return (sent - since) / 1e9;
            }
        }
        throw new AssertionError(gateway + " still answers under the old plan after 30 s");
    }

    @Test
    void aPlanChangeReachesBothGatewaysWithinTwoSeconds() {
        plan(1000, 1000);
        for (String gateway : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> get(gateway, StubCoreApi.VALID_TOKEN).headers()
                    .firstValue("RateLimit-Policy").orElse("").equals("\"read\";q=1000;w=1"));
        }
        long changed = System.nanoTime();
        plan(500, 2000);
        assertThat(policyAfter(a, "\"read\";q=2000;w=4", changed)).as("seconds until gateway a applies it")
                .isLessThanOrEqualTo(2.0);
        assertThat(policyAfter(b, "\"read\";q=2000;w=4", changed)).as("seconds until gateway b applies it")
                .isLessThanOrEqualTo(2.0);
    }

    @Test
    void anAddressSendingUnknownTokensIsRefusedBeforeAnyLookUp() {
        String unknown = "glt_0123456789ab_" + "B".repeat(43);
        int before = CORE.introspections.get();
        List<HttpResponse<String>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            answers.add(get(closed, unknown)); // the only test that fails authentications there
        }
        long refills = (long) Math.ceil((System.nanoTime() - start) / 1e9);
        List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
        long failed = statuses.stream().filter(s -> s == 401).count();
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses).containsOnly(401, 429);
        // a burst of 5 failures, then one more a second
        assertThat(failed).as("failures let through in %d s", refills).isBetween(5L, 5 + refills);
        assertThat((long) CORE.introspections.get() - before).as("look-ups reaching core-api").isLessThanOrEqualTo(failed);
        HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("Too many failed authentications");
    }
}
