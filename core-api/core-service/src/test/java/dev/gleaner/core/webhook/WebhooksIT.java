package dev.gleaner.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.webhook.DeliveryAttempt;
import dev.gleaner.core.client.webhook.DeliveryDetail;
import dev.gleaner.core.client.webhook.WebhookSignature;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.testsupport.TestFixtureSite;
import dev.gleaner.testsupport.CountingSocket;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks from the durable outbox, to receivers on loopback: a receiver that is down and then up gets
 * the delivery once, signed so that it verifies; one that keeps failing leaves it dead and listed for
 * operators; one the egress guard refuses is never connected to.
 */
class WebhooksIT extends JobsTestContext {

    /**
     * A webhook receiver for one test's path (deliveries of other tests' jobs may still arrive on the shared port;
     * they are answered, not counted): what it received, and the status it answers with.
     */
    private static final class Receiver implements AutoCloseable {
        final ConcurrentLinkedQueue<Map.Entry<Map<String, String>, byte[]>> received = new ConcurrentLinkedQueue<>();
        final AtomicInteger calls = new AtomicInteger();
        private final HttpServer server;

        Receiver(int port, String path, int status) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
            server.createContext("/hook", exchange -> {
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                    return;
                }
                calls.incrementAndGet();
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(Map.entry(Map.of(
                        "signature", String.valueOf(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER)),
                        "event", String.valueOf(exchange.getRequestHeaders().getFirst(WebhookSignature.EVENT_HEADER))),
                        body));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private String secretOf(TenantView tenant) {
        return JSON.readTree(calls().signedPost(tenant(tenant), "/v1/webhooks/secret", Map.of()).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody())
                .get("secret").asString();
    }

    private List<JsonNode> deliveries(TenantView tenant, String status) {
        String body = calls().admin().get().uri("/admin/v1/webhooks/deliveries?tenant=" + tenant.id()
                        + (status == null ? "" : "&status=" + status))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body).valueStream().toList();
    }

    /** This test's own receiver path. */
    private final String path = "/hook/" + UUID.randomUUID();

    private String hook() {
        return "http://127.0.0.1:" + RECEIVER_PORT + path;
    }

    @Test
    void aReceiverThatIsDownThenUpGetsTheDeliveryOnceAndItsSignatureVerifies() throws Exception {
        TenantView tenant = calls().createTenant("hooked-" + UUID.randomUUID());
        String secret = secretOf(tenant);
        UUID id = submitted(tenant, Map.of("url", PAGE, "webhook", Map.of("url", hook(),
                "metadata", Map.of("order", 42))));
        awaitStatus(tenant, id, "succeeded");

        JsonNode failing = await("attempts fail while nothing listens").atMost(DEADLINE)
                .until(() -> deliveries(tenant, null), d -> d.size() == 1 && d.getFirst().get("attempts").asInt() >= 2)
                .getFirst();
        assertThat(failing.get("status").asString()).isEqualTo("pending");
        assertThat(failing.get("lastError").asString()).isNotBlank();

        try (Receiver receiver = new Receiver(RECEIVER_PORT, path, 204)) {
            await("delivered").atMost(DEADLINE).until(() -> deliveries(tenant, "delivered").size() == 1);
            assertThat(receiver.calls.get()).as("delivered once").isEqualTo(1);
            Map.Entry<Map<String, String>, byte[]> delivery = receiver.received.peek();
            assertThat(WebhookSignature.verify(secret, delivery.getKey().get("signature"), delivery.getValue(),
                    System.currentTimeMillis() / 1000, 300)).as("the signature verifies with the tenant's secret").isTrue();
            assertThat(WebhookSignature.verify("whsec_another", delivery.getKey().get("signature"), delivery.getValue(),
                    System.currentTimeMillis() / 1000, 300)).isFalse();
            assertThat(delivery.getKey().get("event")).isEqualTo("job.succeeded");
            JsonNode payload = JSON.readTree(delivery.getValue());
            assertThat(payload.get("jobId").asString()).isEqualTo(id.toString());
            assertThat(payload.get("status").asString()).isEqualTo("succeeded");
            assertThat(payload.get("metadata").get("order").asInt()).isEqualTo(42);
        }
    }

    @Test
    void aReceiverThatKeepsFailingLeavesTheDeliveryDeadAndListedUntilAnOperatorSendsItAgain() throws Exception {
        TenantView tenant = calls().createTenant("dead-letter-" + UUID.randomUUID());
        try (Receiver receiver = new Receiver(RECEIVER_PORT, path, 500)) {
            UUID id = submitted(tenant, Map.of("url", PAGE, "webhook", Map.of("url", hook())));
            awaitStatus(tenant, id, "succeeded");
            JsonNode dead = await("dead after its attempts").atMost(DEADLINE)
                    .until(() -> deliveries(tenant, "dead"), d -> d.size() == 1).getFirst();
            assertThat(dead.get("attempts").asInt()).isEqualTo(4);
            assertThat(dead.get("lastStatus").asInt()).isEqualTo(500);
            assertThat(receiver.calls.get()).isEqualTo(4);

            DeliveryDetail detail = calls().admin().get().uri("/admin/v1/webhooks/deliveries/" + dead.get("id").asString())
                    .exchange().expectStatus().isOk().expectBody(DeliveryDetail.class).returnResult().getResponseBody();
            assertThat(detail.delivery().status()).isEqualTo("dead");
            assertThat(detail.attempts()).extracting(DeliveryAttempt::attempt).containsExactly(1, 2, 3, 4);
            assertThat(detail.attempts()).allSatisfy(attempt -> {
                assertThat(attempt.status()).isEqualTo(500);
                assertThat(attempt.error()).contains("500");
            });

            calls().asOperator("admin").post().uri("/admin/v1/webhooks/deliveries/" + dead.get("id").asString()
                    + "/retry").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("pending");
            await("sent again").atMost(DEADLINE).until(() -> receiver.calls.get() > 4);
            await("the new attempt recorded").atMost(DEADLINE).until(() -> calls().admin().get()
                    .uri("/admin/v1/webhooks/deliveries/" + dead.get("id").asString()).exchange()
                    .expectBody(DeliveryDetail.class).returnResult().getResponseBody().attempts().size() > 4);
            assertThat(calls().admin().get().uri("/admin/v1/audit?action=webhook.redeliver&actor=operator:admin")
                    .exchange().expectBody(String.class).returnResult().getResponseBody())
                    .contains(dead.get("id").asString());
        }
        calls().admin().get().uri("/admin/v1/webhooks/deliveries/" + UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
        calls().admin().post().uri("/admin/v1/webhooks/deliveries/" + UUID.randomUUID() + "/retry").exchange()
                .expectStatus().isNotFound();
        calls().admin().get().uri("/admin/v1/webhooks/deliveries?status=lost").exchange().expectStatus().isBadRequest();
    }

    @Test
    void deliveriesArePagedNewestFirstOlderThanTheLastOneShown() throws Exception {
        TenantView tenant = calls().createTenant("paged-deliveries-" + UUID.randomUUID());
        try (Receiver receiver = new Receiver(RECEIVER_PORT, path, 204)) {
            for (int i = 0; i < 3; i++) {
                UUID id = submitted(tenant, Map.of("url", PAGE, "webhook", Map.of("url", hook())));
                awaitStatus(tenant, id, "succeeded");
            }
            await("three delivered").atMost(DEADLINE).until(() -> deliveries(tenant, "delivered").size() == 3);
        }
        List<JsonNode> all = deliveries(tenant, null);
        List<JsonNode> first = JSON.readTree(calls().admin().get().uri("/admin/v1/webhooks/deliveries?tenant="
                + tenant.id() + "&limit=2").exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody()).valueStream().toList();
        List<JsonNode> rest = JSON.readTree(calls().admin().get().uri("/admin/v1/webhooks/deliveries?tenant="
                + tenant.id() + "&limit=2&before=" + first.getLast().get("id").asString()).exchange().expectStatus()
                .isOk().expectBody(String.class).returnResult().getResponseBody()).valueStream().toList();
        assertThat(first).hasSize(2);
        assertThat(rest).hasSize(1);
        assertThat(Stream.concat(first.stream(), rest.stream()).map(d -> d.get("id").asString()))
                .containsExactlyElementsOf(all.stream().map(d -> d.get("id").asString()).toList());
        calls().admin().get().uri("/admin/v1/webhooks/deliveries?before=nope").exchange().expectStatus().isBadRequest();
    }

    @Test
    void aWebhookToAnAddressTheGuardRefusesIsDeadAndNeverConnects() {
        try (CountingSocket forbidden = new CountingSocket()) {
            TenantView tenant = calls().createTenant("refused-hook-" + UUID.randomUUID());
            UUID id = submitted(tenant, Map.of("url", PAGE, "webhook", Map.of("url",
                    "http://" + forbidden.hostAndPort() + "/hook")));
            awaitStatus(tenant, id, "succeeded");
            JsonNode dead = await("dead at once").atMost(DEADLINE)
                    .until(() -> deliveries(tenant, "dead"), d -> d.size() == 1).getFirst();
            assertThat(dead.get("attempts").asInt()).isEqualTo(1);
            assertThat(dead.get("lastError").asString()).contains("egress guard");
            assertThat(forbidden.connections()).isZero();
        }
    }

    @Test
    void aBatchSendsOneCompletedEventWithItsCounts() throws Exception {
        TenantView tenant = calls().createTenant("batch-hook-" + UUID.randomUUID());
        String secret = secretOf(tenant);
        try (Receiver receiver = new Receiver(RECEIVER_PORT, path, 200)) {
            String batch = JSON.readTree(calls().signedPost(tenant(tenant), "/v1/batch", inBrowser(Map.of(
                            "urls", List.of(PAGE + "?b=1", PAGE + "?b=2", PAGE + "?b=3"), "webhook", Map.of("url", hook()))))
                    .exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody())
                    .get("id").asString();
            await("batch.completed delivered").atMost(DEADLINE).until(() -> deliveries(tenant, "delivered").size() == 1);
            assertThat(receiver.calls.get()).as("no per-job events unless asked for").isEqualTo(1);
            Map.Entry<Map<String, String>, byte[]> delivery = receiver.received.peek();
            assertThat(delivery.getKey().get("event")).isEqualTo("batch.completed");
            assertThat(WebhookSignature.verify(secret, delivery.getKey().get("signature"), delivery.getValue(),
                    System.currentTimeMillis() / 1000, 300)).isTrue();
            JsonNode payload = JSON.readTree(delivery.getValue());
            assertThat(payload.get("batchId").asString()).isEqualTo(batch);
            assertThat(payload.get("counts").get("succeeded").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aFinishedCrawlCallsBackOnceWithItsCounts() throws Exception {
        TenantView tenant = calls().createTenant("crawl-hook-" + UUID.randomUUID());
        String secret = secretOf(tenant);
        try (Receiver receiver = new Receiver(RECEIVER_PORT, path, 200)) {
            String crawl = JSON.readTree(calls().signedPost(tenant(tenant), "/v1/crawls", Map.of(
                            "url", TestFixtureSite.get().url("/site/"), "render", "http", "maxPages", 2,
                            "webhook", Map.of("url", hook(), "metadata", Map.of("run", 7))))
                    .exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody())
                    .get("id").asString();
            await("crawl.completed delivered").atMost(DEADLINE).until(() -> deliveries(tenant, "delivered").size() == 1);
            assertThat(receiver.calls.get()).as("one delivery for the whole crawl").isEqualTo(1);
            Map.Entry<Map<String, String>, byte[]> delivery = receiver.received.peek();
            assertThat(delivery.getKey().get("event")).isEqualTo("crawl.completed");
            assertThat(WebhookSignature.verify(secret, delivery.getKey().get("signature"), delivery.getValue(),
                    System.currentTimeMillis() / 1000, 300)).isTrue();
            JsonNode payload = JSON.readTree(delivery.getValue());
            assertThat(payload.get("crawlId").asString()).isEqualTo(crawl);
            assertThat(payload.get("status").asString()).isEqualTo("succeeded");
            assertThat(payload.get("counts").get("done").asInt()).isEqualTo(2);
            assertThat(payload.get("metadata").get("run").asInt()).isEqualTo(7);
        }
        calls().signedPost(tenant(tenant), "/v1/crawls", Map.of("url", TestFixtureSite.get().url("/site/"),
                        "webhook", Map.of("url", hook(), "events", List.of("job.failed"))))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field")
                .isEqualTo("webhook.events[0]");
    }

    @Test
    void aBadWebhookIsRefusedNamingItsFieldAndASyncScrapeTakesNone() {
        TenantView tenant = calls().createTenant("bad-hook-" + UUID.randomUUID());
        submit(tenant, Map.of("url", PAGE, "webhook", Map.of("url", "ftp://x/")), null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("webhook.url");
        submit(tenant, Map.of("url", PAGE, "webhook", Map.of("url", hook(), "events", List.of("job.done"))), null)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("webhook.events[0]");
        submit(tenant, Map.of("url", PAGE, "webhook", Map.of("url", hook(), "events", List.of("batch.completed"))), null)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("webhook.events");
        calls().signedPost(tenant(tenant), "/v1/scrape", Map.of("url", PAGE, "webhook", Map.of("url", hook())))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("webhook");
    }
}
