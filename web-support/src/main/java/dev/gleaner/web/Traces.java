package dev.gleaner.web;

import java.util.Optional;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * The trace of a request as the services see it: the span of an exchange (the server request's observation) or
 * of the current observation gains attributes ({@code tenant}, {@code domain}, {@code job.id}), and its trace id
 * goes into log lines that do not get it from the MDC.
 */
public final class Traces {

    private Traces() {
    }

    /** Adds {@code key=value} to the span of the exchange's server request (it is written when the span ends). */
    public static void tag(ServerWebExchange exchange, String key, String value) {
        ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .ifPresent(context -> context.addHighCardinalityKeyValue(KeyValue.of(key, value)));
    }

    /** Adds {@code key=value} to the current observation's span, when there is one on this thread. */
    public static void tag(ObservationRegistry registry, String key, String value) {
        Observation current = registry.getCurrentObservation();
        if (current != null) {
            current.highCardinalityKeyValue(key, value);
        }
    }

    /** The trace id of the exchange's server request, when it is traced. */
    public static Optional<String> traceId(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> {
                    TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
                    return tracing == null || tracing.getSpan() == null ? null : tracing.getSpan().context().traceId();
                });
    }
}
