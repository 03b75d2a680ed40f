package dev.gleaner.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import dev.gleaner.core.StubNode;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.testsupport.PrometheusText;
import tools.jackson.databind.JsonNode;

/**
 * Jobs through core-api's API with the context's worker running them: submission, results, idempotency,
 * listing, cancelling, retries and typed failures, and the fence that keeps a stale attempt from
 * completing a job.
 */
class JobsIT extends JobsTestContext {

    @Test
    void aSubmittedJobIsAcceptedAtOnceThenRunAndItsResultIsWhatASyncScrapeAnswers() {
        TenantView tenant = calls().createTenant("jobs-" + UUID.randomUUID());

        String body = submit(tenant, Map.of("url", PAGE), null).expectStatus().isAccepted()
                .expectHeader().value("Location", location -> assertThat(location).startsWith("/v1/jobs/"))
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode accepted = JSON.readTree(body);
        UUID id = UUID.fromString(accepted.get("id").asString());
        assertThat(accepted.get("status").asString()).isEqualTo("queued");

        JsonNode done = awaitStatus(tenant, id, "succeeded");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(done.get("result").get("html").asString()).contains("rendered by the node at " + node.url());
        assertThat(done.get("result").get("finalUrl").asString()).isEqualTo(PAGE);
        assertThat(done.get("createdAt").asString()).isNotBlank();
        assertThat(done.get("startedAt").asString()).isNotBlank();
        assertThat(done.get("finishedAt").asString()).isNotBlank();
        assertThat(done.has("error")).isFalse();
        assertThat(attemptOutcomes(id)).containsExactly("succeeded");

        // the SLO's histogram: the job, from submission to its end, within 60 s
        String metrics = web.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(PrometheusText.value(metrics, "gleaner_jobs_latency_seconds_bucket",
                "outcome=\"succeeded\",service=\"core-api\",le=\"60.0\"")).isPositive();
        assertThat(PrometheusText.value(metrics, "gleaner_jobs_completed_total", "outcome=\"succeeded\"")).isPositive();
    }

    @Test
    void theSameIdempotencyKeyTwiceIsOneJobAndWithAnotherBodyIsRefused() {
        TenantView tenant = calls().createTenant("idem-" + UUID.randomUUID());
        String key = "order-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("url", PAGE, "timeoutMs", 20_000);

        String first = JSON.readTree(submit(tenant, body, key).expectStatus().isAccepted().expectBody(String.class)
                .returnResult().getResponseBody()).get("id").asString();
        String second = JSON.readTree(submit(tenant, body, key).expectStatus().isAccepted().expectBody(String.class)
                .returnResult().getResponseBody()).get("id").asString();
        assertThat(second).isEqualTo(first);

        submit(tenant, Map.of("url", PAGE, "timeoutMs", 25_000), key).expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:gleaner:problem:idempotency-key-reused");
        Long rows = db.sql("SELECT count(*) AS n FROM jobs WHERE tenant_id = :t").bind("t", tenant.id())
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
        assertThat(rows).isEqualTo(1);

        TenantView other = calls().createTenant("idem-other-" + UUID.randomUUID());
        String theirs = JSON.readTree(submit(other, body, key).expectStatus().isAccepted().expectBody(String.class)
                .returnResult().getResponseBody()).get("id").asString();
        assertThat(theirs).as("keys are per tenant").isNotEqualTo(first);
        awaitStatus(tenant, UUID.fromString(first), "succeeded");
        awaitStatus(other, UUID.fromString(theirs), "succeeded");
    }

    @Test
    void badSubmissionsAreRefusedNamingTheFieldAndWriteNothing() {
        TenantView tenant = calls().createTenant("bad-" + UUID.randomUUID());
        submit(tenant, Map.of("url", "ftp://example.org/"), null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("url");
        submit(tenant, Map.of("url", PAGE, "colour", "blue"), null).expectStatus().isBadRequest()
                .expectBody(String.class).value(problem -> assertThat(problem).contains("colour"));
        submit(tenant, Map.of("url", PAGE), "bad key with spaces").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        Long rows = db.sql("SELECT count(*) AS n FROM jobs WHERE tenant_id = :t").bind("t", tenant.id())
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
        assertThat(rows).isZero();
    }

    @Test
    void anotherTenantsJobIsNotFoundToReadOrCancel() {
        TenantView owner = calls().createTenant("owner-" + UUID.randomUUID());
        TenantView other = calls().createTenant("other-" + UUID.randomUUID());
        UUID id = submitted(owner, Map.of("url", PAGE));

        calls().signedGet(tenant(other), "/v1/jobs/" + id).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        calls().signedDelete(tenant(other), "/v1/jobs/" + id).exchange().expectStatus().isNotFound();
        calls().signedGet(tenant(owner), "/v1/jobs/" + UUID.randomUUID()).exchange().expectStatus().isNotFound();
        calls().signedGet(tenant(owner), "/v1/jobs/not-a-uuid").exchange().expectStatus().isBadRequest();
        awaitStatus(owner, id, "succeeded");
    }

    @Test
    void theTenantsJobsAreListedNewestFirstPageByPageAndByStatus() {
        TenantView tenant = calls().createTenant("list-" + UUID.randomUUID());
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submitted(tenant, Map.of("url", PAGE + "?n=" + i)));
        }
        ids.forEach(id -> awaitStatus(tenant, id, "succeeded"));

        List<String> seen = new ArrayList<>();
        String path = "/v1/jobs?limit=2";
        int pages = 0;
        while (path != null) {
            JsonNode page = JSON.readTree(calls().signedGet(tenant(tenant), path).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            page.get("jobs").forEach(j -> {
                seen.add(j.get("id").asString());
                assertThat(j.has("result")).as("listings leave results out").isFalse();
            });
            pages++;
            JsonNode next = page.get("next");
            path = next == null || next.isNull() ? null : "/v1/jobs?limit=2&cursor=" + next.asString();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(ids.reversed().stream().map(UUID::toString).toList());

        JsonNode failed = JSON.readTree(calls().signedGet(tenant(tenant), "/v1/jobs?status=failed").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(failed.get("jobs")).isEmpty();
        calls().signedGet(tenant(tenant), "/v1/jobs?status=done").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
        calls().signedGet(tenant(tenant), "/v1/jobs?sort=asc").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("sort");
        calls().signedGet(tenant(tenant), "/v1/jobs?cursor=nonsense").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
    }

    @Test
    void aRunningJobThatIsCancelledStopsAndStaysCancelled() throws Exception {
        registry.deregister(registered.nodeId()).block(Duration.ofSeconds(10));
        try (StubNode hanging = new StubNode(StubNode.Behaviour.HANGS)) {
            extraNodes.add(register("hangs-" + UUID.randomUUID(), hanging, 2));
            TenantView tenant = calls().createTenant("cancel-" + UUID.randomUUID());
            UUID id = submitted(tenant, Map.of("url", PAGE, "timeoutMs", 60_000));
            awaitStatus(tenant, id, "running");

            calls().signedDelete(tenant(tenant), "/v1/jobs/" + id).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("cancelled");
            calls().signedDelete(tenant(tenant), "/v1/jobs/" + id).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("cancelled");

            await("the worker notices and drops the attempt").atMost(DEADLINE)
                    .until(() -> attemptOutcomes(id), outcomes -> outcomes.equals(List.of("cancelled")));
            assertThat(job(tenant, id).get("status").asString()).isEqualTo("cancelled");
        }
    }

    @Test
    void aSuspendedTenantsJobWaitsQueuedAndRunsOnceItIsResumed() {
        TenantView tenant = calls().createTenant("suspended-jobs-" + UUID.randomUUID());
        calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/suspend").bodyValue(Map.of("reason", "unpaid"))
                .exchange().expectStatus().isOk();
        // as a job queued before the suspension: the gateway no longer lets the tenant submit
        UUID id = submitted(tenant, Map.of("url", PAGE));
        JsonNode waiting = await("queued, naming the suspension").atMost(DEADLINE).until(() -> job(tenant, id),
                j -> j.get("status").asString().equals("queued") && j.hasNonNull("error"));
        assertThat(waiting.get("error").get("type").asString()).endsWith("tenant-suspended");

        calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/resume").exchange().expectStatus().isOk();
        awaitStatus(tenant, id, "succeeded");
        assertThat(attemptOutcomes(id)).contains("paused").last().isEqualTo("succeeded");
    }

    @Test
    void aJobThatEndedCannotBeCancelled() {
        TenantView tenant = calls().createTenant("ended-" + UUID.randomUUID());
        UUID id = submitted(tenant, Map.of("url", PAGE));
        awaitStatus(tenant, id, "succeeded");
        calls().signedDelete(tenant(tenant), "/v1/jobs/" + id).exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aJobWhoseTargetIsRefusedIsBlockedAtOnceWithItsTypedError() {
        TenantView tenant = calls().createTenant("blocked-" + UUID.randomUUID());
        UUID id = submitted(tenant, Map.of("url", "http://10.1.2.3/internal"));

        JsonNode blocked = awaitStatus(tenant, id, "blocked");
        assertThat(blocked.get("attempts").asInt()).isEqualTo(1);
        assertThat(blocked.get("error").get("outcome").asString()).isEqualTo("TARGET_REFUSED");
        assertThat(blocked.get("error").get("type").asString()).startsWith("urn:gleaner:problem:");
        assertThat(blocked.get("finishedAt").asString()).isNotBlank();
    }

    @Test
    void aJobThatFindsNoBrowserIsRetriedWithBackOffAndFailsAfterItsLastAttemptWithThatError() {
        registry.deregister(registered.nodeId()).block(Duration.ofSeconds(10));
        TenantView tenant = calls().createTenant("retries-" + UUID.randomUUID());
        UUID id = submitted(tenant, Map.of("url", PAGE));

        JsonNode failed = awaitStatus(tenant, id, "failed");
        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("error").get("outcome").asString()).isEqualTo("FARM_FULL");
        assertThat(failed.get("error").get("title").asString()).isEqualTo("No browser available");
        assertThat(attemptOutcomes(id)).containsExactly("retry", "retry", "failed");
    }

    @Test
    void anAttemptThatLostItsHoldCannotCompleteTheJobItsSuccessorDoes() {
        TenantView tenant = calls().createTenant("fence-" + UUID.randomUUID());
        UUID id = UUID.randomUUID();
        // a job no worker is offered: written straight to PostgreSQL, as a claim would find it
        db.sql("""
                INSERT INTO jobs (id, tenant_id, status, request, request_hash, max_attempts, dispatched_at)
                VALUES (:id, :t, 'queued', '{"url":"http://127.0.0.1:9/page"}', '\\x00', 3, now())""")
                .bind("id", id).bind("t", tenant.id()).then().block(Duration.ofSeconds(10));

        JobRuns.Claim first = runs.claim(id, "instance-a", Duration.ofMillis(1)).block(Duration.ofSeconds(10));
        assertThat(first).isNotNull();
        JobRuns.Claim second = await("the first hold expires and another instance takes over").atMost(DEADLINE)
                .until(() -> runs.claim(id, "instance-b", Duration.ofSeconds(60)).block(Duration.ofSeconds(10)),
                        claim -> claim != null);
        assertThat(second.attempt()).isEqualTo(first.attempt() + 1);
        assertThat(second.takenOver()).isTrue();

        assertThat(runs.finish(first, JobStatus.SUCCEEDED, "{\"by\":\"a\"}", null).block(Duration.ofSeconds(10)))
                .as("the stale attempt is fenced off").isFalse();
        assertThat(runs.finish(second, JobStatus.SUCCEEDED, "{\"by\":\"b\"}", null).block(Duration.ofSeconds(10)))
                .isTrue();
        assertThat(runs.finish(second, JobStatus.FAILED, null, "{}").block(Duration.ofSeconds(10)))
                .as("a job completes once").isFalse();
        JsonNode done = job(tenant, id);
        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("result").get("by").asString()).isEqualTo("b");
        assertThat(attemptOutcomes(id)).containsExactly("lost", "succeeded");
    }
}
