package dev.gleaner.core.job;

import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import reactor.core.publisher.Mono;

/**
 * A job's trace across the queue hop: the submitting request's span goes on the queue with the job id (a W3C
 * {@code traceparent}), and the worker's run of the job is a span ({@code gleaner.job}, with {@code job.id},
 * {@code tenant} and {@code domain}) continuing that trace, so the farm's render of a job lands in the trace of
 * the request that submitted it. A job put on the queue again by the sweeper starts a trace of its own.
 */
@Component
public class JobTraces {

    /** For a worker made outside Spring (tests): no spans. */
    public static final JobTraces NONE = new JobTraces((Tracer) null, ObservationRegistry.NOOP);
    static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final ObservationRegistry registry;

    @Autowired
    JobTraces(ObjectProvider<Tracer> tracer, ObservationRegistry registry) {
        this(tracer.getIfAvailable(), registry);
    }

    private JobTraces(Tracer tracer, ObservationRegistry registry) {
        this.tracer = tracer;
        this.registry = registry;
    }

    /** The current span as a W3C {@code traceparent}, or null outside a trace. */
    public String currentParent() {
        Span span = tracer == null ? null : tracer.currentSpan();
        if (span == null || span.context().traceId().isEmpty()) {
            return null;
        }
        Boolean sampled = span.context().sampled();
        return "00-" + span.context().traceId() + "-" + span.context().spanId() + "-"
                + (Boolean.TRUE.equals(sampled) ? "01" : "00");
    }

    /** A started span for one run of a job, child of {@code traceParent} (null: a new trace). */
    public Observation start(UUID jobId, UUID tenantId, String traceParent) {
        ReceiverContext<Map<String, String>> context = new ReceiverContext<>((carrier, key) -> carrier.get(key));
        context.setCarrier(traceParent == null ? Map.of() : Map.of(TRACEPARENT, traceParent));
        context.setRemoteServiceName("job-queue");
        return Observation.createNotStarted("gleaner.job", () -> context, registry)
                .contextualName("job")
                .highCardinalityKeyValue("job.id", jobId.toString())
                .highCardinalityKeyValue("tenant", tenantId.toString())
                .start();
    }

    /** Runs {@code work} inside {@code run}'s span (its calls to the farm are children of it), then ends the span. */
    public <T> Mono<T> within(Observation run, Mono<T> work) {
        return work.contextWrite(ctx -> ctx.put(ObservationThreadLocalAccessor.KEY, run))
                .doOnError(run::error)
                .doFinally(signal -> run.stop());
    }
}
