package dev.gleaner.core.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.core.usage.UsageGauges;
import dev.gleaner.testsupport.FixtureModel;
import dev.gleaner.testsupport.TestFixtureSite;
import tools.jackson.databind.JsonNode;

/**
 * Extraction by a language model through the API: a scrape, a job, a batch and a crawl of the fixture shop, with
 * the context's model an OpenAI-compatible server on loopback (which is in no allowed target: the model is
 * operator configuration, not a scrape target).
 */
class ModelExtractionIT extends JobsTestContext {

    @Autowired
    UsageGauges gauges;

    private static final Map<String, Object> PRODUCT = Map.of("type", "object", "required", List.of("product", "price"),
            "additionalProperties", false, "properties", Map.of("product", Map.of("type", "string"),
                    "price", Map.of("type", "number")));

    private static String page(String path) {
        return TestFixtureSite.get().url("/llm/" + path);
    }

    private static Map<String, Object> extracting(String url) {
        return new HashMap<>(Map.of("url", url, "render", "http", "extract", Map.of("schema", PRODUCT,
                "prompt", "the product on the page and its price in euros")));
    }

    private JsonNode scrape(TenantView tenant, Map<String, Object> body) {
        return JSON.readTree(calls().signedPost(tenant(tenant), "/v1/scrape", body).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void aScrapeAnswersTheValidatedExtractWithTheModelsUsage() {
        TenantView tenant = calls().createTenant("extract-" + UUID.randomUUID());
        JsonNode answer = scrape(tenant, extracting(page("product.html")));
        assertThat(answer.get("outcome").asString()).isEqualTo("ok");
        assertThat(answer.get("extract")).isEqualTo(JSON.readTree("{\"product\": \"Blue Kettle\", \"price\": 24.50}"));
        assertThat(answer.get("llm").get("model").asString()).isEqualTo("fixture-model");
        assertThat(answer.get("llm").get("inputTokens").asLong()).isPositive();
        assertThat(answer.has("extractionError")).isFalse();
        assertThat(answer.toString()).doesNotContain(FixtureModel.KEY);
        assertThat(MODEL.calls().getLast().authorization()).isEqualTo("Bearer " + FixtureModel.KEY);
    }

    @Test
    void anAnswerTheRepairDoesNotFixIsExtractionFailedWithTheErrorsAndTheRawAnswerNeverAnEmptySuccess() {
        TenantView tenant = calls().createTenant("extract-" + UUID.randomUUID());
        JsonNode answer = scrape(tenant, extracting(page("unrepairable.html")));
        assertThat(answer.get("outcome").asString()).isEqualTo("extraction_failed");
        assertThat(answer.has("extract")).isFalse();
        JsonNode error = answer.get("extractionError");
        assertThat(error.get("type").asString()).isEqualTo("urn:gleaner:problem:extraction-invalid");
        assertThat(error.get("errors").toString()).contains("cost").contains("price");
        assertThat(error.get("rawAnswer").asString()).contains("\"cost\": 31.00");
        assertThat(answer.get("statusCode").asInt()).as("the page itself is given").isEqualTo(200);

        // a failed extraction is not kept for maxAge: the same request asks the model again
        Map<String, Object> cached = extracting(page("unrepairable.html"));
        cached.put("maxAge", 600_000);
        scrape(tenant, cached);
        int before = MODEL.calls().size();
        JsonNode again = scrape(tenant, cached);
        assertThat(again.has("fromCache")).isFalse();
        assertThat(MODEL.calls().size()).isEqualTo(before + 2);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theModelsKeyAppearsInNoLogLineNorAnswerWhateverHappens(CapturedOutput output) {
        TenantView tenant = calls().createTenant("extract-" + UUID.randomUUID());
        String answers = scrape(tenant, extracting(page("product.html"))).toString()
                + scrape(tenant, extracting(page("unrepairable.html"))).toString()
                + scrape(tenant, extracting(page("not-json.html"))).toString();
        assertThat(MODEL.calls().getLast().authorization()).as("the key was used").contains(FixtureModel.KEY);
        assertThat(answers).doesNotContain(FixtureModel.KEY);
        assertThat(output.getAll()).contains("extraction from").doesNotContain(FixtureModel.KEY);
    }

    @Test
    void aPageThatTellsTheModelToIgnoreItsInstructionsDoesNotChangeWhatIsExtracted() {
        TenantView tenant = calls().createTenant("extract-" + UUID.randomUUID());
        JsonNode answer = scrape(tenant, extracting(page("injection.html")));
        assertThat(answer.get("extract")).isEqualTo(JSON.readTree("{\"product\": \"Black Kettle\", \"price\": 42.00}"));
    }

    @Test
    void aJobWhoseAnswerIsNotJsonEndsFailedTypedWithThePageAndTheRawAnswerKept() {
        TenantView tenant = calls().createTenant("extract-" + UUID.randomUUID());
        UUID id = submitted(tenant, extracting(page("not-json.html")));
        JsonNode job = awaitStatus(tenant, id, "failed");
        assertThat(job.get("error").get("type").asString()).isEqualTo("urn:gleaner:problem:extraction-invalid");
        assertThat(job.get("error").get("outcome").asString()).isEqualTo("EXTRACTION_FAILED");
        assertThat(job.get("result").get("extractionError").get("rawAnswer").asString()).contains("green kettle");
        assertThat(job.get("result").get("statusCode").asInt()).isEqualTo(200);
        assertThat(attemptOutcomes(id)).as("not retried: the repair was its second chance").hasSize(1);
    }

    @Test
    void aBatchExtractsFromEachOfItsPages() {
        TenantView tenant = calls().createTenant("extract-" + UUID.randomUUID());
        Map<String, Object> body = extracting(page("product.html"));
        body.remove("url");
        body.put("urls", List.of(page("product.html"), page("shop/cup.html")));
        String id = JSON.readTree(calls().signedPost(tenant(tenant), "/v1/batch", body).exchange().expectStatus()
                .isAccepted().expectBody(String.class).returnResult().getResponseBody()).get("id").asString();
        JsonNode done = await("the batch done").atMost(DEADLINE).until(() -> get(tenant, "/v1/batch/" + id),
                b -> b.get("status").asString().equals("succeeded"));
        List<JsonNode> extracts = new ArrayList<>();
        get(tenant, "/v1/batch/" + id + "/results").get("results")
                .forEach(r -> extracts.add(r.get("result").get("extract")));
        assertThat(extracts).containsExactlyInAnyOrder(JSON.readTree("{\"product\": \"Blue Kettle\", \"price\": 24.50}"),
                JSON.readTree("{\"product\": \"Yellow Cup\", \"price\": 6.50}"));
        assertThat(done.get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aCrawlOfTheFivePagesOfTheShopReturnsValidatedJsonForEachPage() {
        TenantView tenant = calls().createTenant("extract-" + UUID.randomUUID());
        Map<String, Object> body = extracting(page("shop/"));
        body.putAll(Map.of("maxPages", 10, "sitemap", "skip", "includePaths", List.of("^/llm/shop/")));
        String id = JSON.readTree(calls().signedPost(tenant(tenant), "/v1/crawls", body).exchange().expectStatus()
                .isAccepted().expectBody(String.class).returnResult().getResponseBody()).get("id").asString();
        await("the crawl done").atMost(DEADLINE.multipliedBy(2)).until(() -> get(tenant, "/v1/crawls/" + id),
                c -> c.get("status").asString().equals("succeeded"));
        Map<String, JsonNode> extracts = new HashMap<>();
        get(tenant, "/v1/crawls/" + id + "/pages?limit=100").get("pages").forEach(p -> {
            assertThat(p.get("status").asString()).isEqualTo("succeeded");
            extracts.put(p.get("url").asString(), p.get("result").get("extract"));
        });
        assertThat(extracts).hasSize(5);
        assertThat(extracts.get(page("shop/"))).isEqualTo(JSON.readTree(
                "{\"product\": \"Fixture Shop gift card\", \"price\": 10.00}"));
        assertThat(extracts.get(page("shop/teapot.html"))).isEqualTo(JSON.readTree(
                "{\"product\": \"White Teapot\", \"price\": 35.00}"));
        assertThat(extracts.values()).allSatisfy(e -> {
            assertThat(e.get("product").isString()).isTrue();
            assertThat(e.get("price").isNumber()).isTrue();
        });
    }

    @Test
    void aBadSchemaIsRefusedNamingItAndAPlanWithoutExtractionRefusesIt() {
        TenantView tenant = calls().createTenant("extract-" + UUID.randomUUID());
        Map<String, Object> bad = extracting(page("product.html"));
        bad.put("extract", Map.of("schema", Map.of("type", 42)));
        calls().signedPost(tenant(tenant), "/v1/scrape", bad).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("extract.schema");

        TenantView plain = calls().createTenant("no-extract-" + UUID.randomUUID());
        Map<String, Object> rate = Map.of("perSecond", 50, "burst", 100);
        PlanView plan = calls().admin().post().uri("/admin/v1/plans").bodyValue(Map.of("name", "no-llm-" + UUID.randomUUID(),
                        "limits", Map.of("scrape", rate, "jobs", rate, "crawls", rate, "read", rate),
                        "allowances", Map.of("features", List.of("browser", "crawls"))))
                .exchange().expectStatus().isCreated().expectBody(PlanView.class).returnResult().getResponseBody();
        calls().admin().put().uri("/admin/v1/tenants/" + plain.id() + "/plan").bodyValue(Map.of("planId", plan.id()))
                .exchange().expectStatus().isNoContent();
        int before = MODEL.calls().size();
        calls().signedPost(tenant(plain), "/v1/scrape", extracting(page("product.html"))).exchange().expectStatus()
                .isForbidden().expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("llm-extraction"));
        assertThat(MODEL.calls()).hasSize(before);
    }

    private JsonNode get(TenantView tenant, String path) {
        return JSON.readTree(calls().signedGet(tenant(tenant), path).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void theModelsTokensCountTowardTheTenantsAllowanceAndItsPlanNamesItsOwnModel() {
        TenantView tenant = calls().createTenant("metered-extract-" + UUID.randomUUID());
        Map<String, Object> rate = Map.of("perSecond", 50, "burst", 100);
        PlanView plan = calls().admin().post().uri("/admin/v1/plans").bodyValue(Map.of("name", "llm-" + UUID.randomUUID(),
                        "limits", Map.of("scrape", rate, "jobs", rate, "crawls", rate, "read", rate),
                        "allowances", Map.of("llmTokensPerMonth", 150, "llmModel", "plan-model")))
                .exchange().expectStatus().isCreated().expectBody(PlanView.class).returnResult().getResponseBody();
        calls().admin().put().uri("/admin/v1/tenants/" + tenant.id() + "/plan").bodyValue(Map.of("planId", plan.id()))
                .exchange().expectStatus().isNoContent();

        JsonNode first = scrape(tenant, extracting(page("product.html")));
        assertThat(first.get("llm").get("model").asString()).isEqualTo("plan-model");
        assertThat(MODEL.calls().getLast().model()).isEqualTo("plan-model");
        JsonNode usage = get(tenant, "/v1/usage");
        assertThat(usage.get("llm").get("inputTokens").asLong()).isEqualTo(100);
        assertThat(usage.get("llm").get("outputTokens").asLong()).isEqualTo(20);
        assertThat(usage.get("used").get("llmTokens").asLong()).isEqualTo(120);
        assertThat(usage.get("remaining").get("llmTokens").asLong()).isEqualTo(30);

        scrape(tenant, extracting(page("shop/cup.html"))); // 120 < 150: admitted; now 240
        int before = MODEL.calls().size();
        calls().signedPost(tenant(tenant), "/v1/scrape", extracting(page("product.html"))).exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.allowance").isEqualTo("llmTokens").jsonPath("$.used").isEqualTo(240);
        assertThat(MODEL.calls()).as("refused before the model is asked").hasSize(before);
        // a scrape without the model is not held by the model's allowance
        calls().signedPost(tenant(tenant), "/v1/scrape", Map.of("url", page("product.html"), "render", "http"))
                .exchange().expectStatus().isOk();

        // per tenant in the metrics too, once written to PostgreSQL
        await("written to PostgreSQL").atMost(DEADLINE).until(() -> db.sql("SELECT llm_input_tokens + llm_output_tokens"
                + " AS n FROM usage WHERE tenant_id = :t").bind("t", tenant.id()).map(r -> r.get("n", Long.class)).one()
                .blockOptional(Duration.ofSeconds(10)).orElse(0L) == 240L);
        gauges.round().block(Duration.ofSeconds(10)); // as its 30 s timer would
        String metrics = web.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(metrics.lines().filter(l -> l.startsWith("gleaner_usage_used{") && l.contains(tenant.id().toString())
                && l.contains("allowance=\"llm_tokens\"")).findFirst().orElseThrow()).endsWith(" 240.0");
        assertThat(metrics.lines().filter(l -> l.startsWith("gleaner_usage_allowance{") && l.contains(tenant.id().toString())
                && l.contains("allowance=\"llm_tokens\"")).findFirst().orElseThrow()).endsWith(" 150.0");
    }
}
