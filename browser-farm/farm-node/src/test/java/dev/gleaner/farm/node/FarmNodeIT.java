package dev.gleaner.farm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.render.BlockedRequest;
import dev.gleaner.farm.client.render.RenderOptions;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.testsupport.CountingSocket;

/** A real node: real Redis, real Chromium, pages from the local fixture site. */
class FarmNodeIT extends RealNode {

    @Autowired
    WebTestClient web;

    private RenderResult render(Lease lease, String url, String selector, int expectedStatus) {
        try {
            return web.post().uri("/v1/render")
                    .bodyValue(new RenderRequest(lease.leaseId(), lease.fencingToken(), url, 10_000, "it",
                        RenderOptions.waitingFor(selector, null)))
                    .exchange()
                    .expectStatus().isEqualTo(expectedStatus)
                    .expectBody(RenderResult.class)
                    .returnResult().getResponseBody();
        } finally {
            leases.release(lease).block();
        }
    }

    @Test
    void theNodeRegistersItselfWithItsCapacity() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registry.liveNodes().collectList().block())
                .contains(new NodeInfo("it-node", "http://localhost:0", 1)));
    }

    @Test
    void aRenderReturnsContentThatOnlyThePagesJavaScriptProduces() {
        RenderResult result = render(lease(), SITE.url("/js-content"), "#js-content", 200);

        assertThat(result.outcome()).isEqualTo(RenderOutcome.OK);
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.html()).contains(FixtureSite.JS_MARKER + ": 42 items");
        assertThat(result.title()).isEqualTo("Rendered page");
        assertThat(pool.busy()).isZero();
    }

    @Test
    void everySubResourceOfAnAssetHeavyPageIsFetchedThroughTheGuard() {
        long hitsBefore = SITE.hits();
        RenderResult result = render(lease(), SITE.url("/assets?n=30"), "#" + FixtureSite.ASSETS_DONE_ID, 200);

        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(result.html()).contains("10 of 10 scripts ran");
        assertThat(SITE.hits() - hitsBefore).isGreaterThanOrEqualTo(31);
    }

    @Test
    void aGzipEncodedPageRendersAsTheBrowserWouldShowIt() {
        RenderResult result = render(lease(), SITE.url("/gzipped"), "#gz-js", 200);

        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(result.title()).isEqualTo("Compressed page");
        assertThat(result.html()).contains("Sent gzip-encoded", "script ran");
    }

    @Test
    void aRedirectToAGzipEncodedPageKeepsItReadable() {
        RenderResult result = render(lease(), SITE.url("/redirect-to?url=/gzipped"), "#gz-js", 200);

        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(result.finalUrl()).isEqualTo(SITE.url("/gzipped"));
        assertThat(result.html()).contains("Sent gzip-encoded", "script ran");
    }

    @Test
    void neitherAPageNorItsWorkerCanOpenAWebSocketAroundTheGuard() throws Exception {
        try (CountingSocket listener = new CountingSocket()) {
            String target = "ws://" + listener.hostAndPort() + "/";

            RenderResult result = render(lease(), SITE.url("/websocket?target=" + target),
                    "#ws-page:not(:empty) + #ws-worker:not(:empty)", 200);

            assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
            assertThat(result.html()).contains("<p id=\"ws-page\">error</p>", "<p id=\"ws-worker\">error</p>");
            assertThat(listener.connections()).as("connections that reached the socket").isZero();
        }
    }

    @Test
    void aRedirectChainEndsAtItsFinalUrl() {
        RenderResult result = render(lease(), SITE.url("/redirect/3"), null, 200);

        assertThat(result.outcome()).isEqualTo(RenderOutcome.OK);
        assertThat(result.finalUrl()).isEqualTo(SITE.url("/final"));
        assertThat(result.html()).contains("You followed every redirect.");
    }

    @Test
    void aRedirectToTheCloudMetadataAddressIsRefused() {
        RenderResult result = render(lease(), SITE.url("/redirect-to?url=http://169.254.169.254/latest/meta-data/"),
                null, 200);

        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.TARGET_REFUSED);
        assertThat(result.detail()).contains("169.254.169.254");
    }

    @Test
    void aSelectorThatNeverAppearsEndsInATimeout() {
        Lease lease = lease();
        RenderResult result = web.post().uri("/v1/render")
                .bodyValue(new RenderRequest(lease.leaseId(), lease.fencingToken(), SITE.url("/site/a.html"), 1_500, "it",
                        RenderOptions.waitingFor("#never-there", null)))
                .exchange().expectStatus().isOk()
                .expectBody(RenderResult.class).returnResult().getResponseBody();
        leases.release(lease).block();

        assertThat(result.outcome()).isEqualTo(RenderOutcome.TIMEOUT);
        assertThat(result.detail()).contains("#never-there");
    }

    @Test
    void aRenderWithAStaleFencingTokenIsRejected() {
        Lease lease = lease();
        Lease stale = new Lease(lease.leaseId(), lease.nodeId(), lease.nodeUrl(), lease.fencingToken() - 1, lease.tenantId());

        RenderResult result = render(stale, SITE.url("/final"), null, 409);
        leases.release(lease).block();

        assertThat(result.outcome()).isEqualTo(RenderOutcome.LEASE_REJECTED);
    }

    @Test
    void aRenderWhoseLeaseVanishesIsCancelledByTheReaper() throws Exception {
        Lease lease = lease();
        CompletableFuture<RenderResult> pending = pool.render(new RenderRequest(lease.leaseId(), lease.fencingToken(), SITE.url("/site/a.html"), 30_000, "it",
                        RenderOptions.waitingFor("#never-there", null))).toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.activeLeases().contains(lease.leaseId()));

        double reaped = meters.counter("gleaner.farm.contexts.reaped").count();

        leases.release(lease).block();

        RenderResult result = pending.get(10, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(RenderOutcome.CANCELLED);
        assertThat(pool.activeLeases()).doesNotContain(lease.leaseId());
        assertThat(meters.counter("gleaner.farm.contexts.reaped").count()).isEqualTo(reaped + 1);
    }

    @Test
    void aPagesHostileSubResourcesAreRefusedAndListedWhileItsOwnContentRenders() throws Exception {
        try (CountingSocket listener = new CountingSocket()) {
            String t = listener.hostAndPort();

            RenderResult result = render(lease(), SITE.url("/ssrf?target=" + t), "#ssrf-done", 200);

            assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
            assertThat(result.html()).contains("The page's own content");
            assertThat(listener.connections()).as("connections that reached the private socket").isZero();
            assertThat(result.blocked()).extracting(BlockedRequest::url).contains(
                    "http://" + t + "/script.js", "http://" + t + "/image.png", "http://" + t + "/redirected.png",
                    "http://" + t + "/frame", "http://" + t + "/fetch", "http://169.254.169.254/latest/meta-data/",
                    t /* the WebSocket's CONNECT tunnel */);
            assertThat(result.blocked()).allSatisfy(b -> assertThat(b.reason()).contains("resolves to"));
        }
    }

    @Test
    void theHtmlReturnedIsThePagesOwnWithNothingInjected() {
        RenderResult result = render(lease(), SITE.url("/gzipped"), "#gz-js", 200);

        assertThat(result.html()).doesNotContainIgnoringCase("Content-Security-Policy").doesNotContain("<base");
    }


    @Test
    void aWebSocketToAnAllowedTargetOpensThroughTheProxyFromThePageAndItsWorker() {
        String target = "ws://127.0.0.1:" + ALLOWED_WEBSOCKET.port() + "/echo";

        RenderResult result = render(lease(), SITE.url("/websocket?target=" + target),
                "#ws-page:not(:empty) + #ws-worker:not(:empty)", 200);

        assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);
        assertThat(result.html()).contains("<p id=\"ws-page\">open</p>", "<p id=\"ws-worker\">open</p>");
        assertThat(result.blocked()).isEmpty();
        assertThat(ALLOWED_WEBSOCKET.handshakes()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRenderCancelledWhileWaitingForABrowserDoesNotLoseTheBrowser() throws Exception {
        // the only browser is busy for a second; a second render waits for it and is cancelled while waiting
        CompletableFuture<RenderResult> busy = pool.render(new RenderRequest("busy-" + System.nanoTime(), 1, SITE.url("/slow?ms=1000"),
                20_000, "it", null)).toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.busy() == 1);
        pool.render(new RenderRequest("impatient-" + System.nanoTime(), 1, SITE.url("/final"),
                20_000, "it", null))
                .subscribe().dispose();

        assertThat(busy.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(RenderOutcome.OK);
        // the browser the cancelled wait would have taken is back: renders keep getting it
        for (int i = 0; i < 2; i++) {
            RenderResult next = pool.render(new RenderRequest("after-" + i + "-" + System.nanoTime(), 1, SITE.url("/final"),
                20_000, "it", null)).block(Duration.ofSeconds(30));
            assertThat(next.outcome()).as(next.toString()).isEqualTo(RenderOutcome.OK);
        }
    }
}
