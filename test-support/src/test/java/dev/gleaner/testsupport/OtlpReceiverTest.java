package dev.gleaner.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/** The receiver decodes what OpenTelemetry's own OTLP/HTTP exporter sends, as the services' exporters do. */
class OtlpReceiverTest {

    @Test
    void keepsEverySpanAnSdkExportsWithItsServiceParentAndAttributes() {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                SdkTracerProvider provider = SdkTracerProvider.builder()
                        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "test-service")))
                        .addSpanProcessor(SimpleSpanProcessor.create(OtlpHttpSpanExporter.builder()
                                .setEndpoint(receiver.tracesUrl()).build()))
                        .build()) {
            Tracer tracer = provider.get("test");
            Span parent = tracer.spanBuilder("parent").setSpanKind(SpanKind.SERVER).startSpan();
            try (Scope scope = parent.makeCurrent()) {
                tracer.spanBuilder("child").setAttribute("tenant", "t-1").startSpan().end();
            }
            parent.end();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

            assertThat(receiver.spans()).hasSize(2);
            OtlpReceiver.ReceivedSpan child = receiver.spans().stream().filter(s -> s.name().equals("child")).findFirst()
                    .orElseThrow();
            OtlpReceiver.ReceivedSpan root = receiver.spans().stream().filter(s -> s.name().equals("parent")).findFirst()
                    .orElseThrow();
            assertThat(child.service()).isEqualTo("test-service");
            assertThat(child.traceId()).isEqualTo(parent.getSpanContext().getTraceId()).isEqualTo(root.traceId());
            assertThat(child.parentSpanId()).isEqualTo(root.spanId());
            assertThat(root.parentSpanId()).isEmpty();
            assertThat(root.kind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(child.attributes()).containsEntry("tenant", "t-1");
        }
    }
}
