package dev.gleaner.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.job.JobsTestContext;
import tools.jackson.databind.JsonNode;

/** Batches through core-api's API, their jobs run by the shared context's worker on the stub node. */
class BatchesIT extends JobsTestContext {

    private WebTestClient.ResponseSpec submitBatch(TenantView tenant, Object body) {
        return calls().signedPost(tenant(tenant), "/v1/batch", inBrowser(body)).exchange();
    }

    private UUID batch(TenantView tenant, Object body) {
        return UUID.fromString(JSON.readTree(submitBatch(tenant, body).expectStatus().isAccepted()
                .expectHeader().value("Location", l -> assertThat(l).startsWith("/v1/batch/"))
                .expectBody(String.class).returnResult().getResponseBody()).get("id").asString());
    }

    private JsonNode view(TenantView tenant, UUID id) {
        return JSON.readTree(calls().signedGet(tenant(tenant), "/v1/batch/" + id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private List<JsonNode> allResults(TenantView tenant, UUID id, int pageSize) {
        List<JsonNode> results = new ArrayList<>();
        String path = "/v1/batch/" + id + "/results?limit=" + pageSize;
        while (path != null) {
            JsonNode page = JSON.readTree(calls().signedGet(tenant(tenant), path).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            page.get("results").forEach(results::add);
            JsonNode next = page.get("next");
            path = next == null || next.isNull() ? null : "/v1/batch/" + id + "/results?limit=" + pageSize + "&cursor="
                    + next.asString();
        }
        return results;
    }

    @Test
    void aBatchRunsEachUrlOnceAndGivesItsResultsInOrderPageByPage() {
        TenantView tenant = calls().createTenant("batch-" + UUID.randomUUID());
        List<String> urls = IntStream.range(0, 12).mapToObj(i -> PAGE + "?n=" + i).toList();
        UUID id = batch(tenant, Map.of("urls", urls, "timeoutMs", 20_000));

        JsonNode done = await("the batch ends").atMost(DEADLINE).until(() -> view(tenant, id),
                v -> v.get("status").asString().equals("succeeded"));
        assertThat(done.get("total").asInt()).isEqualTo(12);
        assertThat(done.get("counts").get("succeeded").asInt()).isEqualTo(12);
        assertThat(done.get("finishedAt").asString()).isNotBlank();

        List<JsonNode> results = allResults(tenant, id, 5);
        assertThat(results).extracting(r -> r.get("url").asString()).containsExactlyElementsOf(urls);
        Set<String> jobIds = new HashSet<>();
        for (JsonNode result : results) {
            assertThat(result.get("status").asString()).isEqualTo("succeeded");
            assertThat(result.get("result").get("finalUrl").asString()).isEqualTo(result.get("url").asString());
            jobIds.add(result.get("id").asString());
            assertThat(attemptOutcomes(UUID.fromString(result.get("id").asString()))).containsExactly("succeeded");
        }
        assertThat(jobIds).hasSize(12);
        // each of the batch's jobs is a job of the tenant's, readable on its own
        assertThat(job(tenant, UUID.fromString(results.getFirst().get("id").asString())).get("status").asString())
                .isEqualTo("succeeded");
    }

    @Test
    void aBadBatchIsRefusedNamingEachBadUrlAndOptionAndWritesNothing() {
        TenantView tenant = calls().createTenant("bad-batch-" + UUID.randomUUID());
        String problem = submitBatch(tenant, Map.of("urls", List.of(PAGE, "ftp://x/", "not a url"), "waitForMs", -1))
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode errors = JSON.readTree(problem).get("errors");
        List<String> fields = new ArrayList<>();
        errors.forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactly("urls[1]", "urls[2]", "waitForMs");

        submitBatch(tenant, Map.of("urls", List.of(PAGE), "colour", "blue")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("colour");
        submitBatch(tenant, Map.of("url", PAGE)).expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("\"url\"", "\"urls\""));
        submitBatch(tenant, Map.of("urls", List.of())).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("urls");
        submitBatch(tenant, Map.of("urls", IntStream.range(0, 1001).mapToObj(i -> PAGE).toList()))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("urls");
        Long rows = db.sql("SELECT count(*) AS n FROM batches WHERE tenant_id = :t").bind("t", tenant.id())
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
        assertThat(rows).isZero();
    }

    @Test
    void anotherTenantsBatchIsNotFound() {
        TenantView owner = calls().createTenant("batch-owner-" + UUID.randomUUID());
        TenantView other = calls().createTenant("batch-other-" + UUID.randomUUID());
        UUID id = batch(owner, Map.of("urls", List.of(PAGE)));
        calls().signedGet(tenant(other), "/v1/batch/" + id).exchange().expectStatus().isNotFound();
        calls().signedGet(tenant(other), "/v1/batch/" + id + "/results").exchange().expectStatus().isNotFound();
        calls().signedDelete(tenant(other), "/v1/batch/" + id).exchange().expectStatus().isNotFound();
        calls().signedGet(tenant(owner), "/v1/batch/" + id + "/results?page=2").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("page");
        await().atMost(DEADLINE).until(() -> view(owner, id).get("status").asString().equals("succeeded"));
    }

    @Test
    void cancellingABatchCancelsWhatHasNotRunAndLetsTheRestEnd() {
        registry.deregister(registered.nodeId()).block(Duration.ofSeconds(10));
        TenantView tenant = calls().createTenant("batch-cancel-" + UUID.randomUUID());
        UUID id = batch(tenant, Map.of("urls", IntStream.range(0, 8).mapToObj(i -> PAGE + "?c=" + i).toList()));

        JsonNode cancelled = JSON.readTree(calls().signedDelete(tenant(tenant), "/v1/batch/" + id).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("counts").get("cancelled").asInt()).as("at most 4 run at once here").isGreaterThanOrEqualTo(4);

        JsonNode ended = await("the jobs that were running end").atMost(DEADLINE).until(() -> view(tenant, id),
                v -> v.get("counts").get("running").asInt() == 0 && v.get("counts").get("queued").asInt() == 0);
        assertThat(ended.get("status").asString()).isEqualTo("cancelled");
        assertThat(ended.get("counts").get("succeeded").asInt()).as("no node: nothing could succeed").isZero();
        for (JsonNode result : allResults(tenant, id, 100)) {
            if (result.get("status").asString().equals("cancelled")) {
                assertThat(attemptOutcomes(UUID.fromString(result.get("id").asString())))
                        .as("a job cancelled before it ran never runs").doesNotContain("succeeded", "open");
            }
        }
    }
}
