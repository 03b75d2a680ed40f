package dev.gleaner.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.job.JobsTestContext;
import tools.jackson.databind.JsonNode;

/** {@code maxAge}: a tenant's stored answer to the same request is reused while young enough, and says so. */
class ScrapeCacheIT extends JobsTestContext {

    private JsonNode scrape(TenantView tenant, Map<String, Object> body) {
        return JSON.readTree(calls().signedPost(tenant(tenant), "/v1/scrape", inBrowser(body)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void theSameRequestWithinMaxAgeIsAnsweredFromTheCacheAndSaysSo() {
        TenantView tenant = calls().createTenant("cached-" + UUID.randomUUID());
        String url = PAGE + "?cache=" + UUID.randomUUID();
        int before = node.requests.get();

        JsonNode first = scrape(tenant, Map.of("url", url, "maxAge", 60_000, "timeoutMs", 20_000));
        assertThat(first.has("fromCache")).isFalse();
        JsonNode second = scrape(tenant, Map.of("url", url, "maxAge", 60_000, "timeoutMs", 30_000));
        assertThat(second.get("fromCache").asBoolean()).isTrue();
        assertThat(second.get("cachedAt").asString()).isNotBlank();
        assertThat(second.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(second.get("html").asString()).isEqualTo(first.get("html").asString());
        assertThat(node.requests.get() - before).as("one render for both").isEqualTo(1);

        assertThat(scrape(tenant, Map.of("url", url, "maxAge", 60_000, "formats", List.of("text"))).has("fromCache"))
                .as("other options are another request").isFalse();
        assertThat(scrape(tenant, Map.of("url", url, "maxAge", 0)).has("fromCache")).as("maxAge 0: fresh").isFalse();
        assertThat(scrape(tenant, Map.of("url", url)).has("fromCache")).as("no maxAge: fresh").isFalse();
        TenantView other = calls().createTenant("cached-other-" + UUID.randomUUID());
        assertThat(scrape(other, Map.of("url", url, "maxAge", 60_000)).has("fromCache"))
                .as("another tenant's answers are not reused").isFalse();
        assertThat(node.requests.get() - before).isEqualTo(5);

        String metrics = calls().admin().get().uri("/actuator/prometheus").exchange().expectBody(String.class)
                .returnResult().getResponseBody();
        assertThat(dev.gleaner.testsupport.PrometheusText.value(metrics, "gleaner_scrape_cache_total",
                "result=\"hit\"")).isPositive();
    }

    @Test
    void aMaxAgeOutOfRangeIsRefused() {
        TenantView tenant = calls().createTenant("cache-bad-" + UUID.randomUUID());
        calls().signedPost(tenant(tenant), "/v1/scrape", Map.of("url", PAGE, "maxAge", -1)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("maxAge");
        calls().signedPost(tenant(tenant), "/v1/scrape", Map.of("url", PAGE, "maxAge", 40L * 24 * 3600 * 1000)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("maxAge");
    }
}
