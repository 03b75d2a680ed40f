package dev.gleaner.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.policy.DomainPauseView;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.devstack.fixture.GateSite;
import dev.gleaner.testsupport.PrometheusText;
import dev.gleaner.testsupport.TestFixtureSite;
import dev.gleaner.testsupport.TestGateSite;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * The policy gate on a domain of its own ({@link GateSite}, 127.0.0.3), on real Redis and PostgreSQL: its
 * own rate holds scrapes to it and refuses one that would wait past its budget (429); a 429 with Retry-After
 * holds every fetch back and cuts the rate; a run of block pages opens the breaker (503) and a half-open probe
 * closes it; blocks past a threshold pause the domain by themselves; a blocked page's job ends blocked.
 */
class DomainGateIT extends JobsTestContext {

    private static final String DOMAIN = GateSite.ADDRESS;
    private static final GateSite SITE = TestGateSite.get();

    private TenantView tenant;

    @AfterEach
    void leaveTheDomainAsFound() {
        freshDomain();
    }

    @BeforeEach
    void freshDomain() {
        redis.reactive().del(NAMESPACE + ":{domain:" + DOMAIN + "}:gate", NAMESPACE + ":{domain:" + DOMAIN + "}:in-flight")
                .block(Duration.ofSeconds(10));
        calls().admin().delete().uri("/admin/v1/domains/" + DOMAIN + "/policy").exchange();
        calls().admin().get().uri("/admin/v1/domain-pauses?q={d}&limit=500", DOMAIN).exchange()
                .expectBodyList(DomainPauseView.class)
                .returnResult().getResponseBody().stream().filter(p -> p.domain().equals(DOMAIN))
                .forEach(p -> calls().admin().delete().uri("/admin/v1/domain-pauses/" + p.id()).exchange());
        SITE.blocking(true);
        SITE.throttleNext(0, 0);
        SITE.forgetArrivals();
        tenant = calls().createTenant("gated-" + UUID.randomUUID());
    }

    private void policy(Map<String, Object> body) {
        calls().admin().put().uri("/admin/v1/domains/" + DOMAIN + "/policy").bodyValue(body).exchange()
                .expectStatus().isOk();
    }

    private EntityExchangeResult<String> scrape(String path, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("url", SITE.url(path), "render", "http"));
        body.putAll(extra);
        return calls().signedPost(tenant(tenant), "/v1/scrape", body).exchange().expectBody(String.class).returnResult();
    }

    private JsonNode domain() {
        return JSON.readTree(calls().admin().get().uri("/admin/v1/domains/" + DOMAIN).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @Test
    void aDomainsOwnRateHoldsScrapesToItAndOneThatWouldWaitPastItsBudgetIs429() {
        policy(Map.of("ratePerSecond", 2));
        List<Integer> statuses = Flux.range(0, 7)
                .flatMap(i -> Flux.defer(() -> Flux.just(scrape("/ok/" + i, Map.of()).getStatus().value()))
                        .subscribeOn(Schedulers.boundedElastic()), 7)
                .collectList().block(Duration.ofSeconds(120));
        assertThat(statuses).containsOnly(200);
        List<Long> arrivals = SITE.arrivals();
        assertThat(arrivals).hasSize(7);
        // a bucket of 2 per second holding 2: any 5 requests in a row span at least 1.5 s
        for (int i = 0; i + 4 < arrivals.size(); i++) {
            assertThat(seconds(arrivals.get(i + 4) - arrivals.get(i))).as("requests %d to %d", i, i + 4)
                    .isGreaterThan(1.4);
        }
        assertThat(domain().get("recent").get("requests").asLong()).isEqualTo(7);

        policy(Map.of("ratePerSecond", 0.1));
        scrape("/ok/first", Map.of()); // takes the one token
        EntityExchangeResult<String> refused = scrape("/ok/second", Map.of("timeoutMs", 1000));
        assertThat(refused.getStatus().value()).isEqualTo(429);
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = JSON.readTree(refused.getResponseBody());
        assertThat(problem.get("type").asString()).endsWith("domain-rate-limited");
        assertThat(problem.get("domain").asString()).isEqualTo(DOMAIN);
        assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 10L);
    }

    @Test
    void a429WithRetryAfterHoldsEveryFetchBackForItAndCutsTheRate() {
        SITE.throttleNext(1, 2);
        EntityExchangeResult<String> throttled = scrape("/throttle/a", Map.of());
        assertThat(throttled.getStatus().value()).as("the scrape itself worked").isEqualTo(200);
        assertThat(JSON.readTree(throttled.getResponseBody()).get("statusCode").asInt()).isEqualTo(429);

        assertThat(scrape("/throttle/b", Map.of()).getStatus().value()).isEqualTo(200);
        List<Long> arrivals = SITE.arrivals();
        assertThat(seconds(arrivals.get(1) - arrivals.get(0))).as("held back for Retry-After").isGreaterThan(1.9);
        JsonNode domain = domain();
        assertThat(domain.get("ratePerSecond").asDouble()).isLessThan(domain.get("ceilingPerSecond").asDouble());
        assertThat(domain.get("recent").get("throttled").asLong()).isEqualTo(1);

        SITE.throttleNext(1, 30);
        scrape("/throttle/c", Map.of());
        EntityExchangeResult<String> refused = scrape("/throttle/d", Map.of("timeoutMs", 2000));
        assertThat(refused.getStatus().value()).as("30 s of Retry-After: past a 2 s budget").isEqualTo(429);
        assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(20L, 30L);
    }

    @Test
    void aRunOfBlockPagesOpensTheBreakerAndAHalfOpenProbeClosesIt() {
        policy(Map.of("breakerFailures", 3));
        for (int i = 0; i < 3; i++) {
            EntityExchangeResult<String> blocked = scrape("/blocked/" + i, Map.of());
            assertThat(blocked.getStatus().value()).as("a block page is still an answer").isEqualTo(200);
            JsonNode page = JSON.readTree(blocked.getResponseBody());
            assertThat(page.get("outcome").asString()).isEqualTo("blocked");
            assertThat(page.get("blockedBy").asString()).isEqualTo("cloudflare-challenge");
            assertThat(page.get("html").asString()).contains("Checking if the site connection is secure");
        }
        int before = SITE.arrivals().size();
        EntityExchangeResult<String> refused = scrape("/blocked/3", Map.of());
        assertThat(refused.getStatus().value()).isEqualTo(503);
        JsonNode problem = JSON.readTree(refused.getResponseBody());
        assertThat(problem.get("type").asString()).endsWith("domain-circuit-open");
        assertThat(problem.get("domain").asString()).isEqualTo(DOMAIN);
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
        assertThat(SITE.arrivals()).as("refused without a request").hasSize(before);
        JsonNode open = domain();
        assertThat(open.get("breaker").asString()).isEqualTo("open");
        String metrics = web.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(PrometheusText.value(metrics, "gleaner_domain_breaker_opened_total")).isPositive();
        assertThat(PrometheusText.value(metrics, "gleaner_domain_requests_total", "kind=\"blocked\"")).isGreaterThan(2);
        assertThat(PrometheusText.value(metrics, "gleaner_domain_refusals_total", "reason=\"breaker-open\""))
                .isPositive();
        assertThat(open.get("recent").get("blocked").asLong()).isEqualTo(3);

        SITE.blocking(false);
        // the breaker opens for 2 s here; then one probe goes through, succeeds and closes it
        await().atMost(Duration.ofSeconds(30)).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> scrape("/blocked/probe", Map.of()).getStatus().value() == 200);
        assertThat(domain().get("breaker").asString()).isEqualTo("closed");
        assertThat(scrape("/ok/after", Map.of()).getStatus().value()).isEqualTo(200);
    }

    @Test
    void blockPagesPastTheThresholdPauseTheDomainByThemselvesAudited() {
        policy(Map.of("blockPauseAfter", 2, "breakerFailures", 100));
        scrape("/blocked/1", Map.of());
        scrape("/blocked/2", Map.of());
        List<DomainPauseView> pauses = await().atMost(Duration.ofSeconds(10)).until(() -> calls().admin().get()
                .uri("/admin/v1/domain-pauses").exchange().expectBodyList(DomainPauseView.class).returnResult()
                .getResponseBody().stream().filter(p -> p.domain().equals(DOMAIN)).toList(), found -> !found.isEmpty());
        assertThat(pauses).singleElement().satisfies(p -> {
            assertThat(p.createdBy()).isEqualTo("gleaner:block-detector");
            assertThat(p.tenantId()).isNull();
            assertThat(p.until()).isNotNull();
            assertThat(p.reason()).contains("2 block or CAPTCHA pages");
        });
        assertThat(scrape("/ok/now", Map.of()).getStatus().value()).isEqualTo(409);
        Long audited = db.sql("SELECT count(*) AS n FROM audit_log WHERE actor = 'gleaner:block-detector' AND target = :d")
                .bind("d", DOMAIN).map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
        assertThat(audited).isPositive();
    }

    @Test
    void aJobWhosePageIsABlockPageEndsBlockedWithTheContentKept() {
        UUID job = submitted(tenant, Map.of("url", SITE.url("/blocked/job"), "render", "http"));
        JsonNode ended = awaitStatus(tenant, job, "blocked");
        assertThat(ended.get("error").get("type").asString()).endsWith("page-blocked");
        assertThat(ended.get("error").get("outcome").asString()).isEqualTo("BLOCKED");
        assertThat(ended.get("result").get("outcome").asString()).isEqualTo("blocked");
        assertThat(ended.get("result").get("statusCode").asInt()).isEqualTo(403);
    }

    @Test
    void everyRedirectHopPassesTheGateOfItsOwnDomainAndGleanersOwnFetchesDoToo() {
        // a hop to another domain that this tenant paused: refused there, never fetched
        String hopPath = "/hop-" + UUID.randomUUID();
        String elsewhere = TestFixtureSite.get().url(hopPath);
        calls().admin().post().uri("/admin/v1/domain-pauses").bodyValue(Map.of("domain", "127.0.0.1",
                "tenantId", tenant.id(), "reason", "no hops here")).exchange().expectStatus().isCreated();
        try {
            EntityExchangeResult<String> refused = scrape("/redirect?to=" + URLEncoder.encode(elsewhere,
                    StandardCharsets.UTF_8), Map.of());
            assertThat(refused.getStatus().value()).isEqualTo(409);
            assertThat(JSON.readTree(refused.getResponseBody()).get("domain").asString()).isEqualTo("127.0.0.1");
            assertThat(TestFixtureSite.get().hits(hopPath)).as("the paused hop was never fetched").isZero();
        } finally {
            calls().admin().get().uri("/admin/v1/domain-pauses?tenant={t}&limit=500", tenant.id()).exchange()
                    .expectBodyList(DomainPauseView.class)
                    .returnResult().getResponseBody().stream().filter(p -> tenant.id().equals(p.tenantId()))
                    .forEach(p -> calls().admin().delete().uri("/admin/v1/domain-pauses/" + p.id()).exchange());
        }

        // a hop on the same domain is one more request to it
        long requests = domain().get("recent").get("requests").asLong();
        EntityExchangeResult<String> followed = scrape("/redirect?to=" + URLEncoder.encode(SITE.url("/ok/landed"),
                StandardCharsets.UTF_8), Map.of());
        assertThat(followed.getStatus().value()).isEqualTo(200);
        assertThat(JSON.readTree(followed.getResponseBody()).get("finalUrl").asString()).isEqualTo(SITE.url("/ok/landed"));
        assertThat(domain().get("recent").get("requests").asLong()).isEqualTo(requests + 2);

        // a map's robots.txt, sitemap and page fetches pass it as well
        calls().signedPost(tenant(tenant), "/v1/map", Map.of("url", SITE.url("/ok/"))).exchange().expectStatus().isOk();
        assertThat(domain().get("recent").get("requests").asLong()).as("robots.txt, sitemap.xml, the page")
                .isGreaterThanOrEqualTo(requests + 5);
    }

    @Test
    void aDomainsPolicyIsValidatedByFieldAuditedWithBeforeAndAfterAndListed() {
        calls().admin().put().uri("/admin/v1/domains/" + DOMAIN + "/policy")
                .bodyValue(Map.of("ratePerSecond", 0, "maxConcurrency", 5000)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("ratePerSecond")
                .jsonPath("$.errors[1].field").isEqualTo("maxConcurrency");
        calls().admin().put().uri("/admin/v1/domains/" + DOMAIN + "/policy").bodyValue(Map.of()).exchange()
                .expectStatus().isBadRequest();
        calls().admin().put().uri("/admin/v1/domains/" + DOMAIN + "/policy").bodyValue(Map.of("rate", 3)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("rate");
        calls().admin().delete().uri("/admin/v1/domains/" + DOMAIN + "/policy").exchange().expectStatus().isNotFound();
        calls().admin().get().uri("/admin/v1/domains?limit=0").exchange().expectStatus().isBadRequest();
        calls().admin().get().uri("/admin/v1/domains?sort=x").exchange().expectStatus().isBadRequest();

        policy(Map.of("ratePerSecond", 3, "maxConcurrency", 2));
        policy(Map.of("ratePerSecond", 4));
        JsonNode domain = domain();
        assertThat(domain.get("ceilingPerSecond").asDouble()).isEqualTo(4.0);
        assertThat(domain.get("maxConcurrency").asInt()).as("back to the default").isEqualTo(1000);
        assertThat(domain.get("policy").get("ratePerSecond").asDouble()).isEqualTo(4.0);
        String details = db.sql("SELECT details FROM audit_log WHERE action = 'domain.policy.set' AND target = :d"
                        + " ORDER BY id DESC LIMIT 1").bind("d", DOMAIN).map(r -> r.get("details", String.class)).one()
                .block(Duration.ofSeconds(10));
        assertThat(details).contains("before={ratePerSecond=3.0, maxConcurrency=2")
                .contains("after={ratePerSecond=4.0, maxConcurrency=default");

        scrape("/ok/listed", Map.of());
        JsonNode listed = JSON.readTree(calls().admin().get().uri("/admin/v1/domains").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(listed.get("domains").get(0).get("domain").asString()).as("most recent first").isEqualTo(DOMAIN);
        assertThat(listed.get("domains").get(0).get("breaker").asString()).isEqualTo("closed");
        calls().admin().delete().uri("/admin/v1/domains/WWW." + DOMAIN + "x/policy").exchange()
                .expectStatus().isNotFound();
    }
}
