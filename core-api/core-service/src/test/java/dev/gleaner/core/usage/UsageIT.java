package dev.gleaner.core.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.StubNode;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.testsupport.PrometheusText;
import dev.gleaner.testsupport.TestFixtureSite;
import dev.gleaner.testsupport.TestGateSite;
import tools.jackson.databind.JsonNode;

/**
 * Plans' allowances and the usage metered against them, on real Redis and PostgreSQL: a tenant past its monthly
 * requests gets 429 {@code quota-exceeded} while another proceeds; a batch that would pass it writes nothing; block
 * pages are not billed as pages; usage is written to PostgreSQL and read back from it when Redis lost it; features
 * and crawl size a plan does not allow are refused, and an {@code auto} scrape of a plan without the browser stays
 * on HTTP.
 */
class UsageIT extends JobsTestContext {

    @org.springframework.beans.factory.annotation.Autowired
    private UsageGauges gauges;

    private static Map<String, Object> limits() {
        Map<String, Object> rate = Map.of("perSecond", 100, "burst", 1000);
        return Map.of("scrape", rate, "jobs", rate, "crawls", rate, "read", rate);
    }

    private TenantView onPlan(Map<String, Object> allowances) {
        TenantView tenant = calls().createTenant("metered-" + UUID.randomUUID());
        PlanView plan = calls().admin().post().uri("/admin/v1/plans").bodyValue(Map.of("name", "plan-" + UUID.randomUUID(),
                        "limits", limits(), "allowances", allowances)).exchange().expectStatus().isCreated()
                .expectBody(PlanView.class).returnResult().getResponseBody();
        calls().admin().put().uri("/admin/v1/tenants/" + tenant.id() + "/plan").bodyValue(Map.of("planId", plan.id()))
                .exchange().expectStatus().isNoContent();
        return tenant;
    }

    private EntityExchangeResult<String> scrape(TenantView tenant, String url, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("url", url, "render", "http"));
        body.putAll(extra);
        return calls().signedPost(tenant(tenant), "/v1/scrape", body).exchange().expectBody(String.class).returnResult();
    }

    private JsonNode usage(TenantView tenant) {
        return JSON.readTree(calls().signedGet(tenant(tenant), "/v1/usage").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static String page(String path) {
        return TestFixtureSite.get().url(path);
    }

    @Test
    void aTenantPastItsMonthlyRequestsGetsQuotaExceededWhileAnotherTenantProceeds() {
        TenantView limited = onPlan(Map.of("requestsPerMonth", 3));
        TenantView other = calls().createTenant("unmetered-" + UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            assertThat(scrape(limited, page("/?n=" + i), Map.of()).getStatus().value()).isEqualTo(200);
        }
        EntityExchangeResult<String> refused = scrape(limited, page("/?n=4"), Map.of());
        assertThat(refused.getStatus().value()).isEqualTo(429);
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = JSON.readTree(refused.getResponseBody());
        assertThat(problem.get("type").asString()).endsWith("quota-exceeded");
        assertThat(problem.get("allowance").asString()).isEqualTo("requests");
        assertThat(problem.get("limit").asLong()).isEqualTo(3);
        assertThat(problem.get("used").asLong()).isEqualTo(3);
        long untilNextMonth = Duration.between(java.time.Instant.now(),
                YearMonth.now(ZoneOffset.UTC).plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)).toSeconds();
        assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)))
                .isBetween(untilNextMonth - 60, untilNextMonth + 1);
        calls().signedPost(tenant(limited), "/v1/jobs", Map.of("url", page("/"), "render", "http")).exchange()
                .expectStatus().isEqualTo(429);
        assertThat(scrape(other, page("/?other"), Map.of()).getStatus().value()).as("another tenant").isEqualTo(200);
        String metrics = web.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(PrometheusText.value(metrics, "gleaner_usage_refusals_total", "allowance=\"requests\"")).isPositive();
        assertThat(PrometheusText.value(metrics, "gleaner_usage_metered_total", "what=\"pages\"")).isPositive();

        JsonNode usage = usage(limited);
        assertThat(usage.get("period").asString()).isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
        assertThat(usage.get("used").get("requests").asLong()).isEqualTo(3);
        assertThat(usage.get("used").get("pages").asLong()).isEqualTo(3);
        assertThat(usage.get("remaining").get("requests").asLong()).isZero();
        assertThat(usage.get("remaining").get("pages").isNull()).as("unlimited").isTrue();
    }

    @Test
    void aBatchThatWouldPassTheRequestsAllowanceIsRefusedWholeAndWritesNothing() {
        TenantView tenant = onPlan(Map.of("requestsPerMonth", 2));
        calls().signedPost(tenant(tenant), "/v1/batch", Map.of("urls", List.of(page("/a"), page("/b"), page("/c")),
                "render", "http")).exchange().expectStatus().isEqualTo(429);
        Long batches = db.sql("SELECT count(*) AS n FROM batches WHERE tenant_id = :t").bind("t", tenant.id())
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
        assertThat(batches).isZero();
        calls().signedPost(tenant(tenant), "/v1/batch", Map.of("urls", List.of(page("/a"), page("/b")), "render", "http"))
                .exchange().expectStatus().isAccepted();
        assertThat(usage(tenant).get("used").get("requests").asLong()).isEqualTo(2);
    }

    @Test
    void blockPagesAreNotBilledAndUsedUpPagesRefuseTheNextRequest() {
        TenantView tenant = onPlan(Map.of("pagesPerMonth", 1, "browserSecondsPerMonth", 100));
        TestGateSite.get().blocking(true);
        JsonNode blocked = JSON.readTree(scrape(tenant, TestGateSite.get().url("/blocked/billing"), Map.of())
                .getResponseBody());
        assertThat(blocked.get("outcome").asString()).isEqualTo("blocked");
        assertThat(usage(tenant).get("used").get("pages").asLong()).as("a block page is not billed").isZero();

        assertThat(scrape(tenant, page("/"), Map.of()).getStatus().value()).isEqualTo(200);
        JsonNode problem = JSON.readTree(scrape(tenant, page("/"), Map.of()).getResponseBody());
        assertThat(problem.get("type").asString()).endsWith("quota-exceeded");
        assertThat(problem.get("allowance").asString()).isEqualTo("pages");
        JsonNode usage = usage(tenant);
        assertThat(usage.get("used").get("requests").asLong()).isEqualTo(2);
        assertThat(usage.get("remaining").get("pages").asLong()).isZero();
        assertThat(usage.get("remaining").get("browserSeconds").asLong()).isEqualTo(100);
    }

    @Test
    void usageIsWrittenToPostgresqlAndReadBackFromItWhenRedisLostIt() {
        TenantView tenant = onPlan(Map.of("requestsPerMonth", 3));
        scrape(tenant, page("/1"), Map.of());
        scrape(tenant, page("/2"), Map.of());
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        await("written to PostgreSQL").atMost(Duration.ofSeconds(30)).until(() -> db.sql(
                        "SELECT requests FROM usage WHERE tenant_id = :t AND period = :p").bind("t", tenant.id())
                .bind("p", period).map(r -> r.get("requests", Long.class)).one().blockOptional(Duration.ofSeconds(10))
                .orElse(0L) == 2L);

        gauges.round().block(Duration.ofSeconds(10)); // as its 30 s timer would
        String metrics = web.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
                .getResponseBody();
        String labels = "tenant=\"" + tenant.id() + "\"";
        assertThat(metrics.lines().filter(l -> l.startsWith("gleaner_usage_used{") && l.contains(labels)
                && l.contains("allowance=\"requests\"")).findFirst().orElseThrow()).endsWith(" 2.0");
        assertThat(metrics.lines().filter(l -> l.startsWith("gleaner_usage_allowance{") && l.contains(labels)
                && l.contains("allowance=\"requests\"")).findFirst().orElseThrow()).endsWith(" 3.0");
        assertThat(metrics.lines().filter(l -> l.startsWith("gleaner_usage_allowance{") && l.contains(labels)
                && l.contains("allowance=\"pages\"")).findFirst()).as("unlimited: no allowance").isEmpty();

        redis.reactive().del(NAMESPACE + ":{usage}:" + period + ":" + tenant.id()).block(Duration.ofSeconds(10));
        assertThat(usage(tenant).get("used").get("requests").asLong()).as("filled from PostgreSQL").isEqualTo(2);
        assertThat(scrape(tenant, page("/3"), Map.of()).getStatus().value()).isEqualTo(200);
        assertThat(scrape(tenant, page("/4"), Map.of()).getStatus().value()).as("still counted from 2").isEqualTo(429);

        calls().admin().get().uri("/admin/v1/tenants/" + tenant.id() + "/usage").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.used.requests").isEqualTo(3);
        calls().admin().get().uri("/admin/v1/tenants/" + UUID.randomUUID() + "/usage").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void featuresAndCrawlSizesAPlanDoesNotAllowAreRefusedAndAutoStaysOnHttp() {
        TenantView tenant = onPlan(Map.of("features", List.of("crawls"), "maxCrawlPages", 5));
        EntityExchangeResult<String> browser = scrape(tenant, page("/"), Map.of("render", "browser"));
        assertThat(browser.getStatus().value()).isEqualTo(403);
        assertThat(JSON.readTree(browser.getResponseBody()).get("detail").asString()).contains("does not allow browser");
        TenantView noScreenshots = onPlan(Map.of("features", List.of("browser")));
        EntityExchangeResult<String> screenshot = scrape(noScreenshots, page("/"), Map.of("render", "browser",
                "formats", List.of("html", "screenshot")));
        assertThat(screenshot.getStatus().value()).isEqualTo(403);
        assertThat(JSON.readTree(screenshot.getResponseBody()).get("detail").asString()).contains("screenshots");
        // a page whose content only its script writes: auto would go on to the browser, the plan keeps it on HTTP
        JsonNode auto = JSON.readTree(scrape(tenant, page("/js-content"), Map.of("render", "auto", "waitForSelector",
                "#js-content")).getResponseBody());
        assertThat(auto.get("render").asString()).isEqualTo("http");

        calls().signedPost(tenant(tenant), "/v1/crawls", Map.of("url", page("/site/"), "maxPages", 10)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("maxPages");
        TenantView noCrawls = onPlan(Map.of("features", List.of()));
        calls().signedPost(tenant(noCrawls), "/v1/crawls", Map.of("url", page("/site/"), "maxPages", 2)).exchange()
                .expectStatus().isForbidden();
        assertThat(usage(noCrawls).get("used").get("requests").asLong()).as("refused: not counted").isZero();
    }

    @Test
    void aPlansConcurrentBrowsersCapsItsTenantsRendersBelowTheTenantsOwnCap() throws Exception {
        registry.deregister(registered.nodeId()).block(Duration.ofSeconds(10));
        try (StubNode hanging = new StubNode(StubNode.Behaviour.HANGS)) {
            extraNodes.add(register("hangs-" + UUID.randomUUID(), hanging, 4));
            TenantView tenant = onPlan(Map.of("concurrentBrowsers", 1)); // its own cap is the default, 4
            Map<String, Object> browser = Map.of("url", PAGE, "render", "browser", "timeoutMs", 60_000);
            var first = reactor.core.publisher.Mono.fromCallable(() -> calls().signedPost(tenant(tenant), "/v1/scrape",
                    browser).exchange().returnResult(String.class).getStatus().value())
                    .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()).subscribe();
            try {
                await("the first render holds the plan's one browser").atMost(DEADLINE)
                        .until(() -> hanging.requests.get() == 1);
                EntityExchangeResult<String> second = calls().signedPost(tenant(tenant), "/v1/scrape", browser)
                        .exchange().expectBody(String.class).returnResult();
                assertThat(second.getStatus().value()).isEqualTo(429);
                assertThat(JSON.readTree(second.getResponseBody()).get("detail").asString()).contains("runs 1 renders");
                assertThat(hanging.requests.get()).as("the second never reached a browser").isEqualTo(1);
            } finally {
                first.dispose();
            }
        }
    }

    @Test
    void badAllowancesAreRefusedByField() {
        Map<String, Object> body = new HashMap<>(Map.of("name", "bad-" + UUID.randomUUID(), "limits", limits()));
        body.put("allowances", Map.of("requestsPerMonth", -1, "features", List.of("teleport")));
        calls().admin().post().uri("/admin/v1/plans").bodyValue(body).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("allowances.requestsPerMonth")
                .jsonPath("$.errors[1].field").isEqualTo("allowances.features");
        body.put("allowances", Map.of("pagesPerMonth", "many"));
        calls().admin().post().uri("/admin/v1/plans").bodyValue(body).exchange().expectStatus().isBadRequest();
        body.put("allowances", Map.of("minutes", 3));
        calls().admin().post().uri("/admin/v1/plans").bodyValue(body).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").value(f -> assertThat((String) f).contains("minutes"));
    }
}
