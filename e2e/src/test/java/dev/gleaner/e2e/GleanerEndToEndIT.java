package dev.gleaner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import dev.gleaner.devstack.DemoTenant;
import dev.gleaner.devstack.DevStack;
import dev.gleaner.devstack.fixture.CrawlSite;
import dev.gleaner.devstack.fixture.GateSite;
import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.lease.LeaseDecision;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisLeaseBroker;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import dev.gleaner.testsupport.CountingSocket;
import dev.gleaner.testsupport.HostileRequests;
import dev.gleaner.testsupport.PrometheusText;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system as separate processes (gateway, core-api, a farm node with real Chromium,
 * admin-ui) over embedded PostgreSQL and Redis, driven over HTTP as a client would and in a
 * real browser as an operator would.
 */
class GleanerEndToEndIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final FixtureSite SITE = E2eStack.SITE;
    private static final CountingSocket FORBIDDEN = E2eStack.FORBIDDEN;
    private static final CrawlSite CRAWL_SITE = E2eStack.CRAWL_SITE;
    private static final GateSite GATE_SITE = E2eStack.GATE_SITE;

    private static DevStack stack;

    @BeforeAll
    static void startGleaner() {
        stack = E2eStack.get();
    }

    private static HttpResponse<String> scrape(String token, String body) throws Exception {
        return E2eHttp.scrape(stack, token, body);
    }

    private static JsonNode awaitLogLine(String service, Predicate<JsonNode> matches) {
        return E2eStack.awaitLogLine(service, matches);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null ? "" : value.asString();
    }

    private static String scrapeBody(String url) {
        return JSON.writeValueAsString(Map.of("url", url, "waitForSelector", "#js-content"));
    }

    @Test
    void aScrapeThroughTheGatewayReturnsWhatOnlyThePagesJavaScriptProduced() throws Exception {
        HttpResponse<String> response = scrape(stack.demo().token(), scrapeBody(SITE.url("/js-content")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        JsonNode page = JSON.readTree(response.body());
        assertThat(page.get("html").asString()).contains(FixtureSite.JS_MARKER + ": 42 items");
        assertThat(page.get("statusCode").asInt()).isEqualTo(200);
        assertThat(page.get("finalUrl").asString()).isEqualTo(SITE.url("/js-content"));
        assertThat(page.get("metadata").get("title").asString()).isEqualTo("Rendered page");
        assertThat(page.get("timings").get("totalMs").asLong()).isPositive();

        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        JsonNode logged = awaitLogLine("core-api", line -> requestId.equals(text(line, "requestId"))
                && text(line, "message").contains("ended OK"));
        assertThat(text(logged, "tenant")).isEqualTo(stack.demo().tenantId());
    }

    @Test
    void renderOptionsTravelFromTheTenantThroughEveryServiceToTheBrowser() throws Exception {
        HttpResponse<String> response = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/echo"), "waitForSelector", "#env", "waitUntil", "domcontentloaded",
                "viewport", Map.of("width", 640, "height", 480), "locale", "fr-FR", "timezoneId", "America/Denver",
                "headers", Map.of("X-From-Tenant", "e2e"),
                "cookies", List.of(Map.of("name", "visit", "value", "42")))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String html = JSON.readTree(response.body()).get("html").asString();
        assertThat(html).contains("x-from-tenant: e2e").contains("cookie: visit=42").contains("accept-language: fr-FR")
                .contains("\"w\":640").contains("\"tz\":\"America/Denver\"");
    }

    @Test
    void markdownTextAndLinksAreMadeFromTheRenderedPage() throws Exception {
        HttpResponse<String> rendered = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/js-content"), "waitForSelector", "#js-content",
                "formats", List.of("markdown", "text", "metadata"))));
        assertThat(rendered.statusCode()).as(rendered.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(rendered.body());
        assertThat(page.get("markdown").asString()).isEqualTo(FixtureSite.JS_MARKER + ": 42 items");
        assertThat(page.get("text").asString()).isEqualTo(FixtureSite.JS_MARKER + ": 42 items");
        assertThat(page.has("html")).as("not asked for").isFalse();
        assertThat(page.get("metadata").get("title").asString()).isEqualTo("Rendered page");
        assertThat(page.get("metadata").get("language").asString()).isEqualTo("en");
        assertThat(page.get("metadata").get("statusCode").asInt()).isEqualTo(200);

        HttpResponse<String> site = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/site/"), "formats", List.of("links"))));
        assertThat(site.statusCode()).as(site.body()).isEqualTo(200);
        assertThat(JSON.readTree(site.body()).get("links").values().stream().map(JsonNode::asString).toList())
                .contains(SITE.url("/site/a.html"), SITE.url("/site/b.html"));

        HttpResponse<String> unknown = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/site/"), "formats", List.of("markdwn"))));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("formats[0]");

        HttpResponse<String> extracted = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/site/"), "onlyMainContent", true, "formats", List.of("text"),
                "extract", Map.of("rules", Map.of("heading", "h1",
                        "pages", Map.of("selector", "a", "list", true, "fields", Map.of("name", "a", "href",
                                Map.of("selector", "a", "attr", "href"))))))));
        assertThat(extracted.statusCode()).as(extracted.body()).isEqualTo(200);
        JsonNode rules = JSON.readTree(extracted.body()).get("extract");
        assertThat(rules.get("heading").asString()).isEqualTo("Home");
        assertThat(rules.get("pages").get(0).get("href").asString()).isEqualTo(SITE.url("/site/a.html"));
        HttpResponse<String> badRule = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/site/"), "extract", Map.of("rules", Map.of("heading", "h1[")))));
        assertThat(badRule.statusCode()).isEqualTo(400);
        assertThat(badRule.body()).contains("extract.rules.heading");
    }

    @Test
    void eachServiceExposesTheLatencyHistogramsTheDashboardsChartAfterAScrape() throws Exception {
        HttpResponse<String> rendered = scrape(stack.demo().token(), scrapeBody(SITE.url("/js-content")));
        assertThat(rendered.statusCode()).as(rendered.body()).isEqualTo(200);
        assertThat(prometheus(stack.gatewayUrl())).contains("gleaner_gateway_upstream_seconds_bucket{");
        assertThat(prometheus(stack.coreApiUrl())).contains("gleaner_scrape_duration_seconds_bucket{");
        assertThat(prometheus(stack.farmUrl())).contains("gleaner_farm_render_seconds_bucket{");
    }

    @Test
    void aLanguageModelExtractsValidatedJsonThroughTheGatewayAndItsKeyIsInNoLog() throws Exception {
        HttpResponse<String> extracted = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/llm/product.html"),
                "extract", Map.of("prompt", "the product and its price", "schema", Map.of("type", "object",
                        "required", List.of("product", "price"), "properties", Map.of(
                                "product", Map.of("type", "string"), "price", Map.of("type", "number")))))));
        assertThat(extracted.statusCode()).as(extracted.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(extracted.body());
        assertThat(answer.get("extract")).isEqualTo(JSON.readTree("{\"product\": \"Blue Kettle\", \"price\": 24.50}"));
        assertThat(answer.get("llm").get("model").asString()).isEqualTo("e2e-model");
        assertThat(E2eStack.MODEL.calls().getLast().authorization()).isEqualTo("Bearer " + E2eStack.MODEL_KEY);
        assertThat(extracted.body()).doesNotContain(E2eStack.MODEL_KEY);
        for (var service : stack.services()) {
            assertThat(java.nio.file.Files.readString(service.logFile())).as(service.name() + "'s log")
                    .doesNotContain(E2eStack.MODEL_KEY);
        }
    }

    @Test
    void aScreenshotIsAnArtifactTheTenantFetchesThroughTheGatewayAndAFailingActionIsNamed() throws Exception {
        HttpResponse<String> response = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/interactive"), "viewport", Map.of("width", 640, "height", 400),
                "actions", List.of(Map.of("type", "click", "selector", "#more"),
                        Map.of("type", "evaluate", "script", "document.getElementById('extra').textContent")),
                "formats", List.of("html", Map.of("type", "screenshot")))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(response.body());
        assertThat(page.get("actions").get(1).get("value").asString()).isEqualTo("Revealed by a click.");
        String url = page.get("screenshot").get("url").asString();

        HttpResponse<byte[]> image = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + url))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + stack.demo().token()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(image.body()));
        assertThat(png.getWidth()).isEqualTo(640);
        assertThat(png.getHeight()).isEqualTo(400);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + url)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);

        HttpResponse<String> failed = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/interactive"),
                "actions", List.of(Map.of("type", "click", "selector", "#more"),
                        Map.of("type", "click", "selector", "#absent", "timeoutMs", 500)))));
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(422);
        JsonNode problem = JSON.readTree(failed.body());
        assertThat(problem.get("failedAction").asInt()).isEqualTo(1);
        assertThat(problem.get("detail").asString()).contains("action 1 (click)");
    }

    @Test
    void noTenantReachesGleanersOwnServicesThroughAScrapeInDevMode() throws Exception {
        URI redis = URI.create(stack.redisUrl());
        for (String url : new String[] {stack.coreApiUrl() + "/admin/v1/tenants", stack.coreApiUrl() + "/actuator/health",
                stack.farmUrl() + "/actuator/health", stack.gatewayUrl() + "/v1/scrape",
                "http://127.0.0.1:" + redis.getPort() + "/", "http://localhost:" + stack.settings().embeddedDbPort() + "/",
                SITE.url("/js-content").replace("127.0.0.1", "127.0.0.2")}) {
            HttpResponse<String> response = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of("url", url)));

            assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(422);
            assertThat(response.body()).as(url).contains("loopback").doesNotContain(stack.demo().tenantId());
        }
    }

    @Test
    void aTargetsOwnRefusalIsReportedAsItsStatusCodeNotAsAGleanerError() throws Exception {
        for (String path : new String[] {"/rate-limited", "/forbidden"}) {
            HttpResponse<String> response = scrape(stack.demo().token(),
                    JSON.writeValueAsString(Map.of("url", SITE.url(path))));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(response.body());
            assertThat(page.get("statusCode").asInt()).as(path).isEqualTo(path.equals("/forbidden") ? 403 : 429);
            assertThat(page.get("finalUrl").asString()).isEqualTo(SITE.url(path));
        }
    }

    @Test
    void aScrapeThatFindsTheFarmFullWaitsForTheSlotAndThenRenders() throws Exception {
        try (RedisConnector redis = new RedisConnector(stack.redisUrl())) {
            LeaseBroker leases = new RedisLeaseBroker(redis.reactive(), new FarmKeys("gleaner"));
            Lease held = ((LeaseDecision.Granted) leases.acquire("someone-else", 0, Duration.ofSeconds(30)).block())
                    .lease();
            CompletableFuture<HttpResponse<String>> scrape;
            try {
                scrape = CompletableFuture.supplyAsync(() -> {
                    try {
                        return scrape(stack.demo().token(), scrapeBody(SITE.url("/js-content")));
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
                await("a scrape waiting for a browser slot").atMost(Duration.ofSeconds(10))
                        .until(() -> coreApiMetric("gleaner_scrape_waiting") == 1);
            } finally {
                leases.release(held).block();
            }

            HttpResponse<String> response = scrape.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("html").asString()).contains(FixtureSite.JS_MARKER);
            assertThat(coreApiMetric("gleaner_scrape_waiting")).isZero();
        }
    }

    @Test
    void twentyConcurrentScrapesAgainstTheDevFarmAllSucceedByWaitingTheirTurn() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            scrapes.add(sendAsync(stack.demo().token(), scrapeBody(SITE.url("/js-content"))));
        }
        for (CompletableFuture<HttpResponse<String>> scrape : scrapes) {
            HttpResponse<String> response = scrape.get(120, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("html").asString()).contains(FixtureSite.JS_MARKER);
        }
        assertThat(coreApiMetric("gleaner_scrape_waiting")).isZero();
    }

    @Test
    void fiftyQueuedScrapesOfOneTenantDoNotHoldBackAnotherTenantsSingleScrape() throws Exception {
        DemoTenant busy = DemoTenant.create(URI.create(stack.coreApiUrl()), stack.settings().adminApiKey(), "busy-tenant");
        String body = JSON.writeValueAsString(Map.of("url", SITE.url("/js-content"), "waitForSelector", "#js-content",
                "waitForMs", 300, "timeoutMs", 60_000));
        AtomicInteger busyDone = new AtomicInteger();
        List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queued.add(sendAsync(busy.token(), body).whenComplete((response, e) -> busyDone.incrementAndGet()));
        }
        // the dev farm has one slot: nearly all of them queue behind it
        await("the busy tenant's scrapes queued").atMost(Duration.ofSeconds(60))
                .until(() -> coreApiMetric("gleaner_scrape_waiting") >= 30);

        // counted from the moment the single scrape is seen in the fair queue (Redis), its place in line
        CompletableFuture<HttpResponse<String>> single = sendAsync(stack.demo().token(), scrapeBody(SITE.url("/js-content")));
        String queue = new FarmKeys("gleaner").prefix() + ":queue:tenant:" + stack.demo().tenantId();
        int before;
        try (RedisConnector redis = new RedisConnector(stack.redisUrl())) {
            await("the single scrape in the queue").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> single.isDone() || redis.reactive().zcard(queue).block(Duration.ofSeconds(5)) > 0);
            before = busyDone.get();
        }
        HttpResponse<String> answered = single.get(60, TimeUnit.SECONDS);
        int passedAhead = busyDone.get() - before;

        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        // the render that held the slot; one more only when its answer reached the client a moment late
        assertThat(passedAhead).as("busy tenant's renders that finished while the single scrape waited").isLessThanOrEqualTo(2);
        assertThat(busyDone.get()).as("the busy tenant still had scrapes waiting").isLessThan(50);
        for (CompletableFuture<HttpResponse<String>> scrape : queued) {
            HttpResponse<String> response = scrape.get(120, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    @Test
    void twoNodesShareTheLoadAndARenderOnANodeKilledMidRenderCompletesOnTheOther() throws Exception {
        DevStack.FarmNode second = stack.addFarmNode(
                Map.of("GLEANER_FARM_HEARTBEAT_INTERVAL", "1s", "GLEANER_FARM_HEARTBEAT_TTL", "3s"));
        List<ProcessHandle> secondTree = new ArrayList<>();
        try (RedisConnector redis = new RedisConnector(stack.redisUrl())) {
            NodeRegistry registry = new RedisNodeRegistry(redis.reactive(), new FarmKeys("gleaner"));
            await("the second node registered").atMost(Duration.ofSeconds(30))
                    .until(() -> nodeUrls(registry).contains(second.url()));
            String slow = JSON.writeValueAsString(Map.of("url", SITE.url("/js-content"), "waitForSelector", "#js-content",
                    "waitForMs", 4_000, "timeoutMs", 60_000));
            CompletableFuture<HttpResponse<String>> one = sendAsync(stack.demo().token(), slow);
            CompletableFuture<HttpResponse<String>> two = sendAsync(stack.demo().token(), slow);
            await("both nodes rendering").atMost(Duration.ofSeconds(30))
                    .until(() -> busySlots(stack.farmUrl()) == 1 && busySlots(second.url()) == 1);

            ProcessHandle node = ProcessHandle.of(second.process().pid()).orElseThrow();
            secondTree.add(node);
            secondTree.addAll(node.descendants().toList());
            assertThat(secondTree).as("the node's JVM, its Playwright driver and Chromium").hasSizeGreaterThan(2);
            secondTree.forEach(ProcessHandle::destroyForcibly);

            for (CompletableFuture<HttpResponse<String>> scrape : List.of(one, two)) {
                HttpResponse<String> response = scrape.get(90, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(JSON.readTree(response.body()).get("html").asString()).contains(FixtureSite.JS_MARKER);
            }
            awaitLogLine("core-api", line -> text(line, "message").contains("render attempt 1 on node")
                    && text(line, "message").contains(second.url()));
            // the dead node lapses from the registry on its own, so later scrapes do not try it
            await("the killed node out of the registry").atMost(Duration.ofSeconds(30))
                    .until(() -> !nodeUrls(registry).contains(second.url()));
        } finally {
            secondTree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * core-api's own fetches leave from the farm, as they must where only the farm reaches the internet: a page over
     * HTTP goes through the farm node's shared egress port (its counter moves), and a redirect to a forbidden target
     * is refused there, by the farm's guard, without a connection to it.
     */
    @Test
    void coreApisFetchesLeaveThroughTheFarmsEgressGuard() throws Exception {
        double before = sharedEgress("accepted");
        HttpResponse<String> page = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/site/b.html"), "render", "http", "formats", List.of("markdown"))));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(JSON.readTree(page.body()).get("markdown").asString()).contains("Page B");
        double afterPage = sharedEgress("accepted");
        assertThat(afterPage).as("tunnels through the farm's egress port").isGreaterThan(before);

        // core-api checks the URL asked for itself; a redirect hop is checked only where the connection is made
        String redirect = SITE.url("/redirect-to?url=" + java.net.URLEncoder.encode("http://" + FORBIDDEN.hostAndPort()
                + "/private", java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> refused = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", redirect, "render", "http", "formats", List.of("text"))));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).get("title").asString()).isEqualTo("Target refused");
        assertThat(JSON.readTree(refused.body()).get("detail").asString()).contains("127.0.0.1");
        assertThat(sharedEgress("accepted")).as("decided by the farm's guard").isGreaterThan(afterPage);
        assertThat(FORBIDDEN.connections()).isZero();
        assertThat(sharedEgress("refused")).as("core-api's credentials were never turned away").isZero();
    }

    private static double sharedEgress(String credentials) throws Exception {
        return PrometheusText.value(prometheus(stack.farmUrl()), "gleaner_farm_egress_shared_total",
                "credentials=\"" + credentials + "\"");
    }

    @Test
    void autoFetchesAStaticPageOverHttpAndTakesAJavaScriptOnlyPageToTheBrowser() throws Exception {
        double rendersBefore = farmRenders();
        HttpResponse<String> staticPage = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/site/a.html"), "formats", List.of("markdown", "rawHtml"))));
        assertThat(staticPage.statusCode()).as(staticPage.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(staticPage.body());
        assertThat(page.get("render").asString()).isEqualTo("http");
        assertThat(page.has("escalation")).isFalse();
        assertThat(page.get("markdown").asString()).contains("Page A", "Alpha content.");
        assertThat(page.get("rawHtml").asString()).startsWith("<!doctype html>");
        assertThat(farmRenders()).as("no browser for a static page").isEqualTo(rendersBefore);

        HttpResponse<String> jsOnly = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/js-content"), "waitForMs", 0, "formats", List.of("text"), "render", "auto")));
        assertThat(jsOnly.statusCode()).as(jsOnly.body()).isEqualTo(200);
        // waitForMs is a browser option: straight to the browser, no escalation
        assertThat(JSON.readTree(jsOnly.body()).get("render").asString()).isEqualTo("browser");
        assertThat(JSON.readTree(jsOnly.body()).has("escalation")).isFalse();

        HttpResponse<String> shell = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/js-content"), "formats", List.of("html"))));
        assertThat(shell.statusCode()).as(shell.body()).isEqualTo(200);
        JsonNode escalated = JSON.readTree(shell.body());
        assertThat(escalated.get("render").asString()).isEqualTo("browser");
        assertThat(escalated.get("escalation").asString()).isEqualTo("empty-shell");
        assertThat(farmRenders()).isEqualTo(rendersBefore + 2);
        assertThat(PrometheusText.value(prometheus(stack.coreApiUrl()), "gleaner_scrape_escalations_total",
                "reason=\"empty-shell\"")).isPositive();

        HttpResponse<String> httpOnly = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/js-content"), "render", "http", "formats", List.of("text"))));
        JsonNode plain = JSON.readTree(httpOnly.body());
        assertThat(plain.get("render").asString()).isEqualTo("http");
        assertThat(plain.get("text").asString()).as("never a browser: what the HTML says").contains("Loading")
                .doesNotContain(FixtureSite.JS_MARKER);
        HttpResponse<String> refused = scrape(stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", SITE.url("/js-content"), "render", "http", "actions", List.of(Map.of("type", "click",
                        "selector", "#app")))));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"field\":\"actions\"", "needs a browser");
    }

    private static double farmRenders() throws Exception {
        String metrics = prometheus(stack.farmUrl());
        return metrics.lines().filter(l -> l.startsWith("gleaner_farm_renders_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void killingTheCoreApiThatHoldsRunningJobsLosesNoneAndTheOtherInstanceCompletesEachExactlyOnce() throws Exception {
        DevStack.CoreApi second = stack.addCoreApi(Map.of("GLEANER_INSTANCE_ID", "core-b"));
        List<String> ids = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(stack.database().jdbcUrl(), stack.database().user(),
                stack.database().password())) {
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + stack.demo().token())
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                Map.of("url", SITE.url("/slow?ms=15000&job=" + i), "timeoutMs", 60_000))))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/v1/jobs/"));
                ids.add(JSON.readTree(accepted.body()).get("id").asString());
            }
            await("the second instance holds running jobs").atMost(Duration.ofSeconds(60))
                    .until(() -> count(db, "SELECT count(*) FROM jobs WHERE worker = 'core-b' AND status = 'running'") > 0);

            ProcessHandle.of(second.process().pid()).orElseThrow().destroyForcibly();

            await("every job succeeded").atMost(Duration.ofSeconds(180)).until(() -> ids.stream()
                    .allMatch(id -> "succeeded".equals(jobStatus(id))));
            for (String id : ids) {
                assertThat(count(db, "SELECT count(*) FROM job_attempts WHERE outcome = 'succeeded' AND job_id = '"
                        + id + "'")).as("successful attempts of " + id).isEqualTo(1);
            }
            long takenOver = count(db, "SELECT count(DISTINCT a.job_id) FROM job_attempts a JOIN job_attempts b "
                    + "ON a.job_id = b.job_id AND b.attempt > a.attempt WHERE a.worker = 'core-b' AND a.outcome = 'lost' "
                    + "AND b.outcome = 'succeeded' AND b.worker <> 'core-b' AND a.job_id IN ('" + String.join("','", ids) + "')");
            assertThat(takenOver).as("jobs the killed instance held, completed by the other").isPositive();
            assertThat(coreApiMetric("gleaner_jobs_claimed_after_death_total")).isPositive();
        } finally {
            ProcessHandle.of(second.process().pid()).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aBatchOfAHundredUrlsWorkedByTwoInstancesGivesAHundredResultsEachOnce() throws Exception {
        DevStack.CoreApi second = stack.addCoreApi(Map.of("GLEANER_INSTANCE_ID", "core-c"));
        try (Connection db = DriverManager.getConnection(stack.database().jdbcUrl(), stack.database().user(),
                stack.database().password())) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                urls.add(SITE.url("/?batch=" + i));
            }
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/batch"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + stack.demo().token())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            Map.of("urls", urls, "timeoutMs", 60_000, "formats", List.of("links")))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = JSON.readTree(accepted.body()).get("id").asString();

            await("the batch ends").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> "succeeded".equals(tenantGet("/v1/batch/" + id).get("status").asString()));
            List<String> seen = new ArrayList<>();
            String path = "/v1/batch/" + id + "/results?limit=100";
            while (path != null) {
                JsonNode page = tenantGet(path);
                page.get("results").forEach(r -> {
                    assertThat(r.get("status").asString()).isEqualTo("succeeded");
                    seen.add(r.get("url").asString());
                });
                JsonNode next = page.get("next");
                path = next == null || next.isNull() ? null : "/v1/batch/" + id + "/results?limit=100&cursor=" + next.asString();
            }
            assertThat(seen).containsExactlyElementsOf(urls);
            assertThat(count(db, "SELECT count(*) FROM job_attempts a JOIN jobs j ON j.id = a.job_id WHERE j.batch_id = '"
                    + id + "' AND a.outcome = 'succeeded'")).as("one successful attempt per URL").isEqualTo(100);
            assertThat(count(db, "SELECT count(DISTINCT j.id) FROM jobs j WHERE j.batch_id = '" + id + "'")).isEqualTo(100);
            assertThat(count(db, "SELECT count(DISTINCT a.worker) FROM job_attempts a JOIN jobs j ON j.id = a.job_id "
                    + "WHERE j.batch_id = '" + id + "' AND a.outcome = 'succeeded'")).as("both instances worked").isEqualTo(2);
        } finally {
            second.process().close();
        }
    }

    @Test
    void killingAnInstanceMidCrawlLetsTheOtherFinishItWithEveryPageOnceInTheFrontier() throws Exception {
        DevStack.CoreApi second = stack.addCoreApi(Map.of("GLEANER_INSTANCE_ID", "core-d"));
        try (Connection db = DriverManager.getConnection(stack.database().jdbcUrl(), stack.database().user(),
                stack.database().password())) {
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/crawls"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + stack.demo().token())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("url", CRAWL_SITE.base() + "/",
                            "excludePaths", List.of("^/logout$"), "allowExternal", true, "render", "http",
                            "maxConcurrency", 8, "formats", List.of("text")))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = JSON.readTree(accepted.body()).get("id").asString();
            String pagesOfCrawl = "SELECT j.id FROM jobs j WHERE j.crawl_id = '" + id + "'";

            await("the second instance fetches pages of the crawl").atMost(Duration.ofSeconds(120))
                    .until(() -> count(db, "SELECT count(*) FROM jobs WHERE worker = 'core-d' AND status = 'running' AND crawl_id = '"
                            + id + "'") >= 2);
            ProcessHandle.of(second.process().pid()).orElseThrow().destroyForcibly();

            await("the crawl ends").atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !"running".equals(tenantGet("/v1/crawls/" + id).get("status").asString()));
            JsonNode crawl = tenantGet("/v1/crawls/" + id);
            assertThat(crawl.get("status").asString()).as(crawl.toString()).isEqualTo("succeeded");
            assertThat(crawl.get("counts").get("done").asLong()).isEqualTo(CrawlSite.FETCHABLE - 1);
            assertThat(crawl.get("counts").get("blocked").asLong()).isOne();

            // the frontier holds every allowed page once, each page's job ended with exactly one attempt that counted
            List<String> pages = new ArrayList<>();
            String path = "/v1/crawls/" + id + "/pages?limit=100";
            while (path != null) {
                JsonNode page = tenantGet(path);
                page.get("pages").forEach(p -> pages.add(p.get("url").asString()));
                JsonNode next = page.get("next");
                path = next.isNull() ? null : "/v1/crawls/" + id + "/pages?limit=100&cursor=" + next.asString();
            }
            assertThat(pages).containsExactlyInAnyOrderElementsOf(CRAWL_SITE.fetchableUrls());
            assertThat(count(db, "SELECT count(*) FROM job_attempts WHERE outcome IN ('succeeded', 'blocked') AND job_id IN ("
                    + pagesOfCrawl + ")")).as("one attempt that counted per page").isEqualTo(CrawlSite.FETCHABLE);
            assertThat(count(db, "SELECT count(*) FROM crawl_events WHERE type = 'finished' AND crawl_id = '" + id + "'"))
                    .as("finished exactly once").isOne();
            long lost = count(db, "SELECT count(*) FROM job_attempts WHERE worker = 'core-d' AND outcome = 'lost' AND job_id IN ("
                    + pagesOfCrawl + ")");
            assertThat(lost).as("pages the killed instance was fetching, taken over").isPositive();

            // a page is requested again only if its fetch died with the killed instance
            long twice = CRAWL_SITE.fetchableRequests().stream().filter(r -> CRAWL_SITE.hits(r) > 1).count();
            assertThat(twice).as("pages fetched twice").isLessThanOrEqualTo(lost);
            assertThat(CRAWL_SITE.fetchableRequests()).allSatisfy(r -> assertThat(CRAWL_SITE.hits(r)).as(r).isBetween(1L, 2L));
            assertThat(CRAWL_SITE.hits("/robots.txt")).as("robots.txt fetched once, for both instances").isOne();
            assertThat(CRAWL_SITE.hits("/private/9")).isZero();
            assertThat(FORBIDDEN.connections()).isZero();

            // the events come through the gateway as server-sent events, resumable
            HttpResponse<java.util.stream.Stream<String>> events = HTTP.send(HttpRequest.newBuilder(
                            URI.create(stack.gatewayUrl() + "/v1/crawls/" + id + "/events"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + stack.demo().token())
                    .header("Accept", "text/event-stream").header("Last-Event-ID", "5").build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(events.statusCode()).isEqualTo(200);
            List<String> lines = events.body().filter(line -> line.startsWith("id:") || line.startsWith("event:")).toList();
            assertThat(lines.getFirst()).isEqualTo("id:6");
            assertThat(lines.getLast()).isEqualTo("event:finished");
        } finally {
            ProcessHandle.of(second.process().pid()).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aCoreApiInstanceThatRegistersGetsGatewayTrafficWithoutARestartAndLeavesWhenItStops() throws Exception {
        DevStack.CoreApi third = stack.addCoreApi(Map.of("GLEANER_INSTANCE_ID", "core-e", "GLEANER_CORE_REGISTER", "true"));
        try {
            await("the gateway sends the new instance requests").atMost(Duration.ofSeconds(90)).until(() -> {
                tenantGet("/v1/jobs?limit=1");
                return prometheus(third.url()).lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_count")
                        && line.contains("uri=\"/v1/jobs\""));
            });
        } finally {
            third.process().close();
        }
        for (int i = 0; i < 20; i++) {
            tenantGet("/v1/jobs?limit=1"); // 200 each: the stopped instance deregistered on its way out
        }
    }

    private static JsonNode tenantGet(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + stack.demo().token()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String jobStatus(String id) {
        try {
            HttpResponse<String> job = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs/" + id))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + stack.demo().token()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return job.statusCode() == 200 ? JSON.readTree(job.body()).get("status").asString() : "http " + job.statusCode();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static List<String> nodeUrls(NodeRegistry registry) {
        return registry.liveNodes().map(NodeInfo::url).collectList().block(Duration.ofSeconds(5));
    }

    private static double busySlots(String farmUrl) throws Exception {
        return PrometheusText.value(prometheus(farmUrl), "gleaner_farm_slots", "state=\"busy\"");
    }

    private static String prometheus(String serviceUrl) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(String token, String body) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/scrape"))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double coreApiMetric(String name) throws Exception {
        return PrometheusText.value(prometheus(stack.coreApiUrl()), name);
    }

    @Test
    void theApiDescriptionAndItsBrowsableUiAreReachableThroughTheGatewayWithoutAToken() throws Exception {
        HttpResponse<String> doc = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/openapi.json"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(doc.body()).get("paths");
        assertThat(paths.has("/v1/jobs")).isTrue();
        assertThat(paths.has("/v1/batch/{id}/results")).isTrue();
        HttpResponse<String> ui = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/docs/index.html"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
    }

    /** An admin API call through the gateway's public door. */
    private static HttpResponse<String> admin(String method, String path) throws Exception {
        return E2eHttp.admin(stack, stack.gatewayUrl(), method, path, Map.of(), null);
    }

    /** An admin API call with a JSON body, to {@code base} (the gateway, or one core-api instance). */
    private static HttpResponse<String> admin(String base, String method, String path, Object body) throws Exception {
        return E2eHttp.admin(stack, base, method, path, Map.of(), body);
    }

    @Test
    void aDomainAnswering429SlowsTwoInstancesTogetherAndAPauseMadeThroughOneHoldsTheOthersJobUntilItEnds()
            throws Exception {
        DevStack.CoreApi second = stack.addCoreApi(Map.of("GLEANER_INSTANCE_ID", "core-g"));
        try (Connection db = DriverManager.getConnection(stack.database().jdbcUrl(), stack.database().user(),
                stack.database().password())) {
            String domain = GateSite.ADDRESS;
            assertThat(admin(stack.gatewayUrl(), "PUT", "/admin/v1/domains/" + domain + "/policy",
                    Map.of("ratePerSecond", 2)).statusCode()).isEqualTo(200);
            // each instance reads domain settings every second or two: the batch starts once both hold the new rate
            // (the second instance, just started, would otherwise fetch its first jobs at the default rate)
            for (String instance : List.of(stack.coreApiUrl(), second.url())) {
                await("the new rate held by " + instance).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> JSON.readTree(admin(instance, "GET", "/admin/v1/domains/" + domain, Map.of()).body())
                                .get("ceilingPerSecond").asDouble() == 2.0);
            }
            GATE_SITE.forgetArrivals();
            GATE_SITE.throttleNext(1, 3);
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                urls.add(GATE_SITE.url("/throttle/" + i));
            }
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/batch"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + stack.demo().token())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            Map.of("urls", urls, "render", "http", "timeoutMs", 60_000))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String id = JSON.readTree(accepted.body()).get("id").asString();
            await("the batch ends").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> "succeeded".equals(tenantGet("/v1/batch/" + id).get("status").asString()));

            List<Long> arrivals = GATE_SITE.arrivals();
            assertThat(arrivals).hasSize(16);
            long throttledAt = GATE_SITE.throttledAt();
            // fetches admitted before the 429 was reported may still arrive just after it; none comes later
            // until its Retry-After of 3 s has passed, from either instance
            assertThat(arrivals.stream().filter(t -> t > throttledAt + 500_000_000L && t < throttledAt + 2_900_000_000L))
                    .as("arrivals during the Retry-After").isEmpty();
            // never faster than the domain's 2 per second with a burst of 2: any 5 in a row span at least 1.5 s
            for (int i = 0; i + 4 < arrivals.size(); i++) {
                assertThat((arrivals.get(i + 4) - arrivals.get(i)) / 1e9).as("requests %d to %d", i, i + 4)
                        .isGreaterThan(1.4);
            }
            assertThat(count(db, "SELECT count(DISTINCT a.worker) FROM job_attempts a JOIN jobs j ON j.id = a.job_id "
                    + "WHERE j.batch_id = '" + id + "' AND a.outcome = 'succeeded'")).as("both instances fetched")
                    .isEqualTo(2);
            JsonNode seen = JSON.readTree(admin(stack.gatewayUrl(), "GET", "/admin/v1/domains/" + domain, Map.of()).body());
            assertThat(seen.get("recent").get("throttled").asLong()).isEqualTo(1);

            // a pause made through the second instance, honoured by the first (the gateway's only one) within 1 s
            Instant until = Instant.now().plusSeconds(5);
            long paused = System.nanoTime();
            HttpResponse<String> made = admin(second.url(), "POST", "/admin/v1/domain-pauses",
                    Map.of("domain", domain, "reason", "e2e pause", "until", until.toString()));
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            double refusedAfter = -1;
            while (System.nanoTime() - paused < Duration.ofSeconds(30).toNanos()) {
                long sent = System.nanoTime();
                if (scrape(stack.demo().token(), "{\"url\": \"" + GATE_SITE.url("/ok/sync") + "\", \"render\": \"http\"}")
                        .statusCode() == 409) {
                    refusedAfter = (sent - paused) / 1e9;
                    break;
                }
            }
            assertThat(refusedAfter).as("seconds until the other instance honoured the pause").isBetween(0.0, 1.0);
            HttpResponse<String> job = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + stack.demo().token())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            Map.of("url", GATE_SITE.url("/ok/job"), "render", "http"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
            String jobId = JSON.readTree(job.body()).get("id").asString();
            await("the job ran after the pause").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "succeeded".equals(jobStatus(jobId)));
            JsonNode ran = tenantGet("/v1/jobs/" + jobId);
            assertThat(Instant.parse(ran.get("finishedAt").asString())).isAfter(until);
            assertThat(count(db, "SELECT count(*) FROM job_attempts WHERE job_id = '" + jobId + "' AND outcome = 'paused'"))
                    .as("it waited, queued, for the pause").isPositive();
        } finally {
            admin(stack.gatewayUrl(), "DELETE", "/admin/v1/domains/" + GateSite.ADDRESS + "/policy", Map.of());
            second.process().close();
        }
    }

    @Test
    void aDomainPausedForATenantIsRefusedOnTheBrowsersRedirectHopsAndSubResources() throws Exception {
        DemoTenant tenant = DemoTenant.create(URI.create(stack.coreApiUrl()), stack.settings().adminApiKey(),
                "browser-paused-" + UUID.randomUUID());
        HttpResponse<String> paused = admin(stack.gatewayUrl(), "POST", "/admin/v1/domain-pauses",
                Map.of("domain", "127.0.0.1", "tenantId", tenant.tenantId().toString(), "reason", "e2e: no 127.0.0.1"));
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(201);
        try {
            String hopPath = "/hop-" + UUID.randomUUID();
            String hop = GATE_SITE.url("/redirect?to=" + java.net.URLEncoder.encode(SITE.url(hopPath),
                    java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<String> refused = await().atMost(Duration.ofSeconds(60)).until(() -> scrape(tenant.token(),
                    "{\"url\": \"" + hop + "\", \"render\": \"browser\"}"), r -> r.statusCode() != 401);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(JSON.readTree(refused.body()).get("domain").asString()).isEqualTo("127.0.0.1");
            assertThat(JSON.readTree(refused.body()).get("reason").asString()).isEqualTo("e2e: no 127.0.0.1");
            assertThat(SITE.hits(hopPath)).as("the browser's hop never reached the paused domain").isZero();

            String imagePath = "/image-" + UUID.randomUUID() + ".png";
            String embeds = GATE_SITE.url("/embeds?src=" + java.net.URLEncoder.encode(SITE.url(imagePath),
                    java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<String> rendered = scrape(tenant.token(), "{\"url\": \"" + embeds + "\", \"render\": \"browser\"}");
            assertThat(rendered.statusCode()).as(rendered.body()).isEqualTo(200);
            assertThat(JSON.readTree(rendered.body()).get("blocked").toString()).contains("domain paused: 127.0.0.1");
            assertThat(SITE.hits(imagePath)).as("the paused domain's image was never fetched").isZero();
        } finally {
            String id = JSON.readTree(paused.body()).get("id").asString();
            admin(stack.gatewayUrl(), "DELETE", "/admin/v1/domain-pauses/" + id, Map.of());
        }
    }

    private static String redirectTo(String url) {
        return GATE_SITE.url("/redirect?to=" + java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aBrowsersRedirectHopsAreChargedToTheirDomainAndAHopsRetryAfterHoldsTheNextFetch() throws Exception {
        String domain = GateSite.ADDRESS;
        String token = stack.demo().token();
        try {
            // 2 a second, a burst of 1: the first document takes the token, four hops put the domain 3 into debt
            assertThat(admin(stack.gatewayUrl(), "PUT", "/admin/v1/domains/" + domain + "/policy",
                    Map.of("ratePerSecond", 0.5)).statusCode()).isEqualTo(200);
            String landed = GATE_SITE.url("/ok/landed-" + UUID.randomUUID());
            String chain = redirectTo(redirectTo(redirectTo(redirectTo(landed))));
            HttpResponse<String> followed = scrape(token, "{\"url\": \"" + chain + "\", \"render\": \"browser\"}");
            assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
            assertThat(JSON.readTree(followed.body()).get("finalUrl").asString()).isEqualTo(landed);
            // uncharged, the next fetch would wait at most 2 s; charged, about 8
            HttpResponse<String> held = scrape(token, "{\"url\": \"" + GATE_SITE.url("/ok/next") + "\", \"render\": "
                    + "\"http\", \"timeoutMs\": 3000}");
            assertThat(held.statusCode()).as(held.body()).isEqualTo(429);
            assertThat(JSON.readTree(held.body()).get("type").asString()).endsWith("domain-rate-limited");

            // a hop that answers 429 with Retry-After holds every fetch of the domain back
            assertThat(admin(stack.gatewayUrl(), "PUT", "/admin/v1/domains/" + domain + "/policy",
                    Map.of("ratePerSecond", 100)).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> scrape(token, "{\"url\": \"" + GATE_SITE.url("/ok/free")
                    + "\", \"render\": \"http\", \"timeoutMs\": 2000}").statusCode() == 200);
            GATE_SITE.throttleNext(1, 5);
            HttpResponse<String> throttled = scrape(token, "{\"url\": \"" + redirectTo(GATE_SITE.url("/throttle/hop"))
                    + "\", \"render\": \"browser\"}");
            assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(200);
            assertThat(JSON.readTree(throttled.body()).get("statusCode").asInt()).isEqualTo(429);
            JsonNode seen = JSON.readTree(admin(stack.gatewayUrl(), "GET", "/admin/v1/domains/" + domain, Map.of()).body());
            assertThat(seen.hasNonNull("notBefore")).as(seen.toString()).isTrue();
            HttpResponse<String> refused = scrape(token, "{\"url\": \"" + GATE_SITE.url("/ok/after") + "\", \"render\": "
                    + "\"http\", \"timeoutMs\": 2000}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 5L);
        } finally {
            admin(stack.gatewayUrl(), "DELETE", "/admin/v1/domains/" + domain + "/policy", Map.of());
        }
    }

    /** An authenticated read that finds nothing: 404 while the token works, 401 once it does not. */
    private static int read(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs/" + UUID.randomUUID()))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aSuspendedTenantsTokenIsRefusedWithinTwoSecondsWorksAgainOnResumeAndItsLastUseIsListed() throws Exception {
        DemoTenant tenant = DemoTenant.create(URI.create(stack.coreApiUrl()), stack.settings().adminApiKey(),
                "suspended-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(30)).until(() -> read(tenant.token()) == 404);

        long suspended = System.nanoTime();
        assertThat(admin("POST", "/admin/v1/tenants/" + tenant.tenantId() + "/suspend").statusCode()).isEqualTo(200);
        double refusedAfter = -1;
        while (System.nanoTime() - suspended < Duration.ofSeconds(30).toNanos()) {
            long sent = System.nanoTime();
            if (read(tenant.token()) == 401) {
                refusedAfter = (sent - suspended) / 1e9;
                break;
            }
        }
        assertThat(refusedAfter).as("seconds until the gateway refused the token").isBetween(0.0, 2.0);

        assertThat(admin("POST", "/admin/v1/tenants/" + tenant.tenantId() + "/resume").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> read(tenant.token()) == 404);
        await("the token's last use listed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> JSON.readTree(admin("GET", "/admin/v1/tenants/" + tenant.tenantId() + "/tokens").body())
                        .get(0).hasNonNull("lastUsedAt"));
    }

    @Test
    void hundredsOfHostileRequestsThroughTheGatewayAreAll4xxAndCreateNothing() throws Exception {
        DemoTenant tenant = DemoTenant.create(URI.create(stack.coreApiUrl()), stack.settings().adminApiKey(),
                "hostile-" + UUID.randomUUID());
        // its own plan, far above what is sent, so the requests reach core-api rather than a 429
        tenant.putOnOwnPlan(URI.create(stack.coreApiUrl()), stack.settings().adminApiKey(), 1_000, 5_000);
        List<HostileRequests.Request> requests = HostileRequests.all();
        List<String> failures = new ArrayList<>();
        for (HostileRequests.Request request : requests) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + request.path()))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + tenant.token());
            if (request.body() != null) {
                builder.header("Content-Type", "application/json");
            }
            builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body()));
            int status = HTTP.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 400 || status >= 500) {
                failures.add(request + " → " + status);
            }
        }
        assertThat(requests).hasSizeGreaterThanOrEqualTo(300);
        assertThat(failures).as("answers that were not 4xx, of %d requests", requests.size()).isEmpty();
        HttpResponse<String> jobs = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs"))
                .header("Authorization", "Bearer " + tenant.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(jobs.body()).get("jobs")).as("jobs (and batch or crawl pages) created").isEmpty();
        assertThat(read(tenant.token())).as("the gateway and core-api still answer").isEqualTo(404);
    }

    @Test
    void aMissingOrUnknownTokenIsRefusedWithProblemJson() throws Exception {
        for (String token : new String[] {null, "glt_000000000000_not-a-real-secret", "garbage"}) {
            HttpResponse<String> response = scrape(token, scrapeBody(SITE.url("/js-content")));

            assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(response.body()).get("title").asString()).isEqualTo("Unauthenticated");
        }
    }

    @Test
    void aMalformedUrlIsRefusedWithAProblemNamingTheField() throws Exception {
        HttpResponse<String> response = scrape(stack.demo().token(), "{\"url\": \"not a url\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("url");
    }

    @Test
    void coreApiRefusesARequestThatDidNotComeThroughTheGateway() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.coreApiUrl() + "/v1/scrape"))
                .header("Content-Type", "application/json")
                .header("X-Gleaner-Principal", "tenant:" + stack.demo().tenantId())
                .POST(HttpRequest.BodyPublishers.ofString(scrapeBody(SITE.url("/js-content")))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

}
