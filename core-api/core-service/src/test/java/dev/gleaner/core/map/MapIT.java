package dev.gleaner.core.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.testsupport.TestFixtureSite;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/map} on the fixture site: its sitemap index and sitemap, and its start page's links,
 * normalised and each once, robots.txt's disallowed pages and other sites left out, no page but the
 * start page fetched.
 */
class MapIT extends JobsTestContext {

    private static final FixtureSite SITE = TestFixtureSite.get();

    private JsonNode map(TenantView tenant, Map<String, Object> body) {
        return JSON.readTree(calls().signedPost(tenant(tenant), "/v1/map", body).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static List<String> links(JsonNode answer) {
        return answer.get("links").valueStream().map(JsonNode::asString).toList();
    }

    @Test
    void aSitesUrlsComeFromItsSitemapsAndLinksOnceEachWithoutWhatRobotsDisallows() {
        TenantView tenant = calls().createTenant("map-" + UUID.randomUUID());
        long privateHits = SITE.hits("/site/private/secret.html");
        long sitemapOnly = SITE.hits("/site/c.html");

        JsonNode answer = map(tenant, Map.of("url", SITE.url("/site/")));

        assertThat(links(answer)).containsExactly(SITE.url("/site/"), SITE.url("/site/a.html"), SITE.url("/site/b.html"),
                SITE.url("/site/c.html"));
        assertThat(answer.get("sitemaps").asInt()).as("the index and the sitemap it names").isEqualTo(2);
        assertThat(SITE.hits("/site/private/secret.html")).as("a disallowed page is neither listed nor fetched")
                .isEqualTo(privateHits);
        assertThat(SITE.hits("/site/c.html")).as("listed pages are not fetched").isEqualTo(sitemapOnly);

        assertThat(links(map(tenant, Map.of("url", SITE.url("/site/"), "search", "C.HTML"))))
                .containsExactly(SITE.url("/site/c.html"));
        assertThat(links(map(tenant, Map.of("url", SITE.url("/site/"), "limit", 2)))).hasSize(2);
    }

    @Test
    void aRefusedSiteOrABadRequestIsAProblem() {
        TenantView tenant = calls().createTenant("map-bad-" + UUID.randomUUID());
        calls().signedPost(tenant(tenant), "/v1/map", Map.of("url", "http://10.0.0.1/")).exchange()
                .expectStatus().isEqualTo(422);
        calls().signedPost(tenant(tenant), "/v1/map", Map.of("url", SITE.url("/"), "limit", 0)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        calls().signedPost(tenant(tenant), "/v1/map", Map.of("url", "ftp://x/")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("url");
        calls().signedPost(tenant(tenant), "/v1/map", Map.of("url", SITE.url("/"), "depth", 3)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("depth");
    }
}
