package dev.gleaner.core.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.devstack.fixture.CrawlSite;
import dev.gleaner.testsupport.TestCrawlSite;
import dev.gleaner.testsupport.TestFixtureSite;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Crawls of the crawl fixture site, over HTTP: exactly the pages robots.txt and the rules allow, each
 * fetched once in spite of loops, tracking parameters and other spellings; nothing disallowed and no
 * private address reached; live events in order, and resumed with {@code Last-Event-ID}.
 */
class CrawlIT extends JobsTestContext {

    private static final Duration CRAWL_DEADLINE = Duration.ofSeconds(180);
    private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
    };

    @Autowired
    MeterRegistry meters;

    private UUID crawl(TenantView tenant, Map<String, Object> body) {
        var result = calls().signedPost(tenant(tenant), "/v1/crawls", body).exchange()
                .expectStatus().isAccepted().expectBody(String.class).returnResult();
        UUID id = UUID.fromString(JSON.readTree(result.getResponseBody()).get("id").asString());
        assertThat(result.getResponseHeaders().getLocation()).hasToString("/v1/crawls/" + id);
        return id;
    }

    private JsonNode get(TenantView tenant, String path) {
        return JSON.readTree(calls().signedGet(tenant(tenant), path).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    /** The crawl's events from after {@code lastEventId} (null: from the start), until {@code finished}. */
    private List<ServerSentEvent<String>> events(TenantView tenant, UUID id, String lastEventId) {
        var request = calls().signedGet(tenant(tenant), "/v1/crawls/" + id + "/events").accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange().expectStatus().isOk().returnResult(EVENT).getResponseBody()
                .filter(event -> event.event() != null)
                .takeUntil(event -> event.event().equals("finished"))
                .collectList().block(CRAWL_DEADLINE);
    }

    @Test
    void aSiteIsCrawledOnceEachAllowedPageWithNothingDisallowedOrPrivateFetchedAndLiveEventsInOrder() {
        CrawlSite site = TestCrawlSite.get();
        TenantView tenant = calls().createTenant("crawl-" + UUID.randomUUID());
        UUID id = crawl(tenant, Map.of("url", site.base() + "/", "excludePaths", List.of("^/logout$"),
                "allowExternal", true, "render", "http", "formats", List.of("markdown")));

        // connected at once: the events arrive live, and whatever came before connecting is replayed first
        List<ServerSentEvent<String>> live = events(tenant, id, null);

        JsonNode crawl = get(tenant, "/v1/crawls/" + id);
        assertThat(crawl.get("status").asString()).isEqualTo("succeeded");
        JsonNode counts = crawl.get("counts");
        assertThat(counts.get("done").asLong()).isEqualTo(CrawlSite.FETCHABLE - 1);
        assertThat(counts.get("blocked").asLong()).as("/go-internal redirects to a private address").isOne();
        assertThat(counts.get("failed").asLong()).isZero();
        assertThat(counts.get("queued").asLong() + counts.get("running").asLong()).isZero();
        // /private/secret-0..4, /private/9 from the sitemap, and /p/N?print=1 of every page N
        assertThat(counts.get("skippedRobots").asLong()).isEqualTo(5 + 1 + 195);
        assertThat(counts.get("skippedRules").asLong()).as("/logout").isOne();
        assertThat(counts.get("skippedRefused").asLong()).as("the two links to private addresses").isEqualTo(2);
        assertThat(counts.get("discovered").asLong()).isEqualTo(CrawlSite.FETCHABLE + 201 + 1 + 2);

        // every allowed page requested exactly once, and nothing else but robots.txt and the three sitemaps
        Map<String, Long> expected = new HashMap<>();
        site.fetchableRequests().forEach(request -> expected.put(request, 1L));
        List.of("/robots.txt", "/sitemap-index.xml", "/sitemap-pages.xml", "/sitemap-more.xml.gz")
                .forEach(file -> expected.put(file, 1L));
        assertThat(site.allHits()).isEqualTo(expected);
        assertThat(TestCrawlSite.forbidden().connections()).as("no connection reached the private address").isZero();

        // the pages, through the cursor: each allowed URL once, with the requested format and no other
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get(tenant, "/v1/crawls/" + id + "/pages?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("pages").forEach(pages::add);
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
        } while (cursor != null);
        assertThat(pages).extracting(p -> p.get("url").asString()).containsExactlyInAnyOrderElementsOf(site.fetchableUrls());
        JsonNode home = pages.getFirst();
        assertThat(home.get("url").asString()).isEqualTo(site.base() + "/");
        assertThat(home.get("depth").asInt()).isZero();
        assertThat(home.get("status").asString()).isEqualTo("succeeded");
        assertThat(home.get("result").get("markdown").asString()).contains("Page /");
        assertThat(home.get("result").has("links")).as("links were the crawl's, not asked for").isFalse();
        assertThat(pages).filteredOn(p -> p.get("url").asString().endsWith("/p/150")).singleElement()
                .satisfies(p -> assertThat(p.get("depth").asInt()).as("from the sitemap").isOne());

        JsonNode errors = get(tenant, "/v1/crawls/" + id + "/errors");
        assertThat(errors.get("errors")).singleElement().satisfies(e -> {
            assertThat(e.get("url").asString()).isEqualTo(site.base() + "/go-internal");
            assertThat(e.get("status").asString()).isEqualTo("blocked");
            assertThat(e.get("error").get("outcome").asString()).isEqualTo("TARGET_REFUSED");
        });
        assertThat(errors.get("robotsBlocked")).hasSize(201)
                .anySatisfy(url -> assertThat(url.asString()).isEqualTo(site.base() + "/private/9"));
        assertThat(errors.get("refused")).extracting(JsonNode::asString).containsExactlyInAnyOrder(
                TestCrawlSite.forbidden().hostAndPort().transform(h -> "http://" + h + "/linked"),
                "http://10.255.255.1/admin");

        // the events: numbered 1..n in order, one per page, progress on the way, finished last
        assertThat(live).extracting(ServerSentEvent::id)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, live.size()).mapToObj(Integer::toString)
                        .toList());
        assertThat(live).filteredOn(e -> e.event().equals("page")).hasSize(CrawlSite.FETCHABLE - 1)
                .extracting(e -> JSON.readTree(e.data()).get("url").asString()).doesNotHaveDuplicates();
        assertThat(live).filteredOn(e -> e.event().equals("page_failed")).singleElement()
                .satisfies(e -> assertThat(JSON.readTree(e.data()).get("error").get("outcome").asString())
                        .isEqualTo("TARGET_REFUSED"));
        assertThat(live).filteredOn(e -> e.event().equals("progress")).hasSize(CrawlSite.FETCHABLE / 10);
        assertThat(JSON.readTree(live.getLast().data()).get("status").asString()).isEqualTo("succeeded");

        // a client that reconnects with the last id it saw gets exactly what came after
        String seen = live.get(live.size() - 4).id();
        assertThat(events(tenant, id, seen)).extracting(ServerSentEvent::id)
                .containsExactlyElementsOf(live.subList(live.size() - 3, live.size()).stream().map(ServerSentEvent::id).toList());

        assertThat(meters.get("gleaner.crawl.pages").tag("outcome", "succeeded").counter().count())
                .isGreaterThanOrEqualTo(CrawlSite.FETCHABLE - 1);
        assertThat(meters.get("gleaner.crawl.skipped").tag("reason", "robots").counter().count()).isGreaterThanOrEqualTo(201);
        assertThat(meters.get("gleaner.crawl.duration").timer().count()).isPositive();
    }

    @Test
    void aCancelledCrawlStartsNoNewPageAndEndsCancelled() {
        TenantView tenant = calls().createTenant("crawl-cancel-" + UUID.randomUUID());
        UUID id = crawl(tenant, Map.of("url", TestFixtureSite.get().url("/site/"), "render", "http", "delayMs", 60_000,
                "maxConcurrency", 1));
        await("the first page fetched").atMost(DEADLINE)
                .until(() -> get(tenant, "/v1/crawls/" + id).get("counts").get("done").asLong(), n -> n == 1);

        JsonNode cancelled = JSON.readTree(calls().signedDelete(tenant(tenant), "/v1/crawls/" + id).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());

        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("counts").get("done").asLong()).as("no page started after the first").isOne();
        assertThat(cancelled.get("counts").get("cancelled").asLong()).isPositive();
        List<ServerSentEvent<String>> events = events(tenant, id, null);
        assertThat(JSON.readTree(events.getLast().data()).get("status").asString()).isEqualTo("cancelled");
        calls().signedDelete(tenant(tenant), "/v1/crawls/" + id).exchange().expectStatus().isOk();
    }

    @Test
    void badCrawlRequestsAreRefusedByFieldAndNothingIsWritten() {
        TenantView tenant = calls().createTenant("crawl-bad-" + UUID.randomUUID());
        String site = TestFixtureSite.get().url("/site/");
        Map<Map<String, Object>, String> refused = Map.of(
                Map.of("url", site, "maxPagez", 3), "maxPagez",
                Map.of("url", site, "sitemap", "sometimes"), "sitemap",
                Map.of("url", site, "includePaths", List.of("(")), "includePaths[0]",
                Map.of("url", site, "maxPages", 10_000_000), "maxPages",
                Map.of("url", site, "webhook", Map.of("url", "ftp://127.0.0.1/hook")), "webhook.url",
                Map.of("url", site, "waitUntil", "whenever"), "waitUntil",
                Map.of("maxDepth", 2), "url");
        refused.forEach((body, field) -> calls().signedPost(tenant(tenant), "/v1/crawls", body).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field));

        calls().signedPost(tenant(tenant), "/v1/crawls", Map.of("url", site, "respectRobots", false)).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("respectRobots"));

        Long written = db.sql("SELECT count(*) AS n FROM crawls WHERE tenant_id = :t").bind("t", tenant.id())
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
        assertThat(written).isZero();
    }

    @Test
    void aTenantAnOperatorAllowsMayIgnoreRobotsAndEachSuchCrawlIsAudited() {
        TenantView tenant = calls().createTenant(ROBOTS_OVERRIDE_TENANT);
        UUID id = crawl(tenant, Map.of("url", TestFixtureSite.get().url("/site/"), "render", "http",
                "respectRobots", false, "maxPages", 50));
        await("the crawl ends").atMost(DEADLINE)
                .until(() -> get(tenant, "/v1/crawls/" + id).get("finishedAt"), at -> at != null && !at.isNull());
        JsonNode crawl = get(tenant, "/v1/crawls/" + id);
        assertThat(crawl.get("counts").get("skippedRobots").asLong()).as("robots.txt not obeyed").isZero();
        List<String> pages = get(tenant, "/v1/crawls/" + id + "/pages?limit=100").get("pages").valueStream()
                .map(p -> p.get("url").asString()).toList();
        assertThat(pages).contains(TestFixtureSite.get().url("/site/private/secret.html"));
        Long audited = db.sql("SELECT count(*) AS n FROM audit_log WHERE action = 'crawl.robots-override' AND target = :id")
                .bind("id", id.toString()).map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
        assertThat(audited).isOne();
    }

    @Test
    void robotsTxtCrawlDelayRaisesTheCrawlsDelay() {
        TenantView tenant = calls().createTenant("crawl-delay-" + UUID.randomUUID());
        // the fixture site's robots.txt says Crawl-delay: 1
        UUID id = crawl(tenant, Map.of("url", TestFixtureSite.get().url("/site/"), "render", "http", "maxPages", 1));
        Integer delay = db.sql("SELECT delay_ms FROM crawls WHERE id = :id").bind("id", id)
                .map(r -> r.get("delay_ms", Integer.class)).one().block(Duration.ofSeconds(10));
        assertThat(delay).isEqualTo(1_000);
        JsonNode options = JSON.readTree(db.sql("SELECT options::text AS o FROM crawls WHERE id = :id").bind("id", id)
                .map(r -> r.get("o", String.class)).one().block(Duration.ofSeconds(10)));
        assertThat(options.get("delayMs").asInt()).isEqualTo(1_000);
        await("the crawl ends").atMost(DEADLINE)
                .until(() -> get(tenant, "/v1/crawls/" + id).get("status").asString(), "succeeded"::equals);
    }

    @Test
    void anotherTenantsCrawlIsNotFound() {
        TenantView owner = calls().createTenant("crawl-owner-" + UUID.randomUUID());
        TenantView other = calls().createTenant("crawl-other-" + UUID.randomUUID());
        UUID id = crawl(owner, Map.of("url", TestFixtureSite.get().url("/site/"), "render", "http", "maxPages", 1));

        for (String path : List.of("", "/pages", "/errors", "/events")) {
            calls().signedGet(tenant(other), "/v1/crawls/" + id + path).exchange().expectStatus().isNotFound();
        }
        calls().signedDelete(tenant(other), "/v1/crawls/" + id).exchange().expectStatus().isNotFound();
    }
}
