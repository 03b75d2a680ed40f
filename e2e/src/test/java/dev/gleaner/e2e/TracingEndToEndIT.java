package dev.gleaner.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.gleaner.devstack.DevStack;
import dev.gleaner.testsupport.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Traces over OTLP, as a collector receives them from the running services (the e2e stack exports every span to
 * a local receiver): one scrape is one trace across the gateway, core-api and the farm node, and a job's trace
 * crosses the queue hop to the worker that ran it.
 */
class TracingEndToEndIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration EXPORTED = Duration.ofSeconds(60);

    private static DevStack stack;

    @BeforeAll
    static void startGleaner() {
        stack = E2eStack.get();
    }

    @Test
    void oneScrapeIsOneTraceAcrossTheGatewayCoreApiAndTheFarmNodeWithItsTenantAndDomainAndItsIdInTheLogs()
            throws Exception {
        // a client's own trace context is not continued at the public edge
        String forgedTrace = "0af7651916cd43dd8448eb211c80319c";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/scrape"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stack.demo().token())
                .header("traceparent", "00-" + forgedTrace + "-b7ad6b7169203331-01")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "url", E2eStack.SITE.url("/js-content?trace=" + UUID.randomUUID()), "waitForSelector", "#js-content"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();

        JsonNode access = E2eStack.awaitLogLine("gateway", line -> "access".equals(text(line, "message"))
                && requestId.equals(text(line, "requestId")));
        String traceId = text(access, "traceId");
        assertThat(traceId).as("the gateway's access log line names the trace").matches("[0-9a-f]{32}")
                .isNotEqualTo(forgedTrace);

        List<ReceivedSpan> trace = awaitTrace(traceId, Set.of("gateway", "core-api", "browser-farm"));
        assertConnected(trace);
        assertThat(E2eStack.TRACES.spans()).as("no span joined the client's trace")
                .noneMatch(span -> span.traceId().equals(forgedTrace));
        ReceivedSpan gateway = server(trace, "gateway");
        assertThat(gateway.parentSpanId()).as("the gateway's server span is the root").isEmpty();
        assertThat(gateway.attributes()).containsEntry("tenant", stack.demo().tenantId());
        ReceivedSpan core = trace.stream().filter(s -> s.service().equals("core-api") && s.kind() == SpanKind.SPAN_KIND_SERVER
                && s.attributes().containsKey("domain")).findFirst().orElseThrow();
        assertThat(core.attributes()).containsEntry("tenant", stack.demo().tenantId())
                .containsEntry("domain", "127.0.0.1");
        assertThat(server(trace, "browser-farm").name()).contains("render");

        JsonNode coreLine = E2eStack.awaitLogLine("core-api", line -> requestId.equals(text(line, "requestId"))
                && text(line, "message").contains("ended OK"));
        assertThat(text(coreLine, "traceId")).as("core-api's log line of the scrape").isEqualTo(traceId);
    }

    @Test
    void aJobsTraceCrossesTheQueueToTheWorkerThatRunsItAndOnToTheFarmNode() throws Exception {
        HttpResponse<String> accepted = E2eHttp.submitJob(stack, stack.demo().token(), JSON.writeValueAsString(Map.of(
                "url", E2eStack.SITE.url("/js-content?trace-job=" + UUID.randomUUID()), "render", "browser")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = JSON.readTree(accepted.body()).get("id").asString();

        ReceivedSpan run = await("the job's run exported").atMost(EXPORTED).pollInterval(Duration.ofMillis(500))
                .until(() -> E2eStack.TRACES.spans().stream()
                        .filter(s -> s.name().equals("job") && jobId.equals(s.attributes().get("job.id"))).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(run.service()).isEqualTo("core-api");
        assertThat(run.attributes()).containsEntry("tenant", stack.demo().tenantId()).containsEntry("domain", "127.0.0.1");
        List<ReceivedSpan> trace = awaitTrace(run.traceId(), Set.of("gateway", "core-api", "browser-farm"));
        assertConnected(trace);
        ReceivedSpan submit = server(trace, "gateway");
        assertThat(submit.parentSpanId()).as("the trace begins at the gateway's POST /v1/jobs").isEmpty();
        assertThat(trace).as("core-api's span of the submission names the job").anySatisfy(span -> {
            assertThat(span.service()).isEqualTo("core-api");
            assertThat(span.attributes()).containsEntry("job.id", jobId);
        });
        assertThat(trace).as("the farm's render is within the job's run").anySatisfy(span -> {
            assertThat(span.service()).isEqualTo("browser-farm");
            assertThat(ancestors(trace, span)).contains(run.spanId());
        });
    }

    private static List<ReceivedSpan> awaitTrace(String traceId, Set<String> services) {
        return await("the trace's spans from " + services).atMost(EXPORTED).pollInterval(Duration.ofMillis(500))
                .until(() -> E2eStack.TRACES.spans().stream().filter(s -> s.traceId().equals(traceId)).toList(),
                        spans -> spans.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER)
                                .map(ReceivedSpan::service).collect(Collectors.toSet()).containsAll(services));
    }

    /** Every span but the root has its parent in the trace: one tree, not pieces with the same id. */
    private static void assertConnected(List<ReceivedSpan> trace) {
        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        List<ReceivedSpan> roots = trace.stream().filter(s -> !ids.contains(s.parentSpanId())).toList();
        assertThat(roots).as("spans whose parent is not in the trace").hasSize(1);
    }

    private static ReceivedSpan server(List<ReceivedSpan> trace, String service) {
        return trace.stream().filter(s -> s.service().equals(service) && s.kind() == SpanKind.SPAN_KIND_SERVER)
                .findFirst().orElseThrow();
    }

    private static List<String> ancestors(List<ReceivedSpan> trace, ReceivedSpan span) {
        Map<String, String> parents = trace.stream()
                .collect(Collectors.toMap(ReceivedSpan::spanId, ReceivedSpan::parentSpanId, (a, b) -> a));
        List<String> chain = new java.util.ArrayList<>();
        for (String at = span.parentSpanId(); at != null && !at.isEmpty(); at = parents.get(at)) {
            chain.add(at);
        }
        return chain;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }
}
