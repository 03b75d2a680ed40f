package dev.gleaner.core.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.job.JobsTestContext;
import tools.jackson.databind.JsonNode;

/** A rawHtml larger than the inline limit (30 bytes in this context) is an artifact its tenant fetches. */
class LargeRawHtmlIT extends JobsTestContext {

    @Test
    void aLargeRawHtmlIsStoredAsAnArtifactOnlyItsTenantReads() {
        TenantView owner = calls().createTenant("raw-" + UUID.randomUUID());
        TenantView other = calls().createTenant("raw-other-" + UUID.randomUUID());
        JsonNode answer = JSON.readTree(calls().signedPost(tenant(owner), "/v1/scrape", inBrowser(Map.of("url", PAGE,
                        "formats", List.of("rawHtml", "text"))))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());

        assertThat(answer.has("rawHtml")).as("not inline").isFalse();
        JsonNode ref = answer.get("rawHtmlArtifact");
        assertThat(ref.get("contentType").asString()).startsWith("text/html");
        assertThat(answer.get("text").asString()).as("the other formats as usual").contains("rendered by the node");
        byte[] stored = calls().signedGet(tenant(owner), ref.get("url").asString()).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(new String(stored, StandardCharsets.UTF_8)).contains("rendered by the node at " + node.url());
        assertThat(stored.length).isEqualTo(ref.get("bytes").asInt());
        calls().signedGet(tenant(other), ref.get("url").asString()).exchange().expectStatus().isNotFound();
    }
}
