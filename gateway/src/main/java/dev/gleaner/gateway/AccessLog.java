package dev.gleaner.gateway;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.gateway.ratelimit.RouteFamily;
import dev.gleaner.web.RequestIdWebFilter;
import dev.gleaner.web.RequestIds;
import dev.gleaner.web.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * One structured log line per routed request (logger {@code gleaner.access}: tenant, route family,
 * method, path without its query, status, latency, request id, trace id; never a token) and
 * {@code gleaner_gateway_requests_seconds{tenant, route, status}}. The tenant is the one the
 * authentication filter found ({@link #TENANT}), {@code none} when there was none.
 */
public final class AccessLog implements GlobalFilter, Ordered {

    /** Exchange attribute: the authenticated tenant's id. */
    public static final String TENANT = AccessLog.class.getName() + ".tenant";
    private static final Logger access = LoggerFactory.getLogger("gleaner.access");

    private final MeterRegistry meters;

    public AccessLog(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long start = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> record(exchange, System.nanoTime() - start));
    }

    private void record(ServerWebExchange exchange, long nanos) {
        Object tenant = exchange.getAttribute(TENANT);
        String tenantTag = tenant instanceof UUID id ? id.toString() : "none";
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        RouteFamily route = RouteFamily.of(exchange.getRequest().getMethod(), path);
        HttpStatusCode code = exchange.getResponse().getStatusCode();
        int status = code == null ? 200 : code.value();
        Timer.builder("gleaner.gateway.requests").tag("tenant", tenantTag).tag("route", route.wire())
                .tag("status", Integer.toString(status))
                .description("Requests through the gateway, by tenant, route family and status").register(meters)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (!access.isInfoEnabled()) {
            return;
        }
        // the gateway does not propagate the Reactor context into the MDC on every operator: the id goes in here
        try (MDC.MDCCloseable id = MDC.putCloseable(RequestIds.MDC_KEY, RequestIdWebFilter.of(exchange))) {
            access.atInfo().setMessage("access")
                    .addKeyValue("tenant", tenantTag)
                    .addKeyValue("route", route.wire())
                    .addKeyValue("method", exchange.getRequest().getMethod().name())
                    .addKeyValue("path", path)
                    .addKeyValue("status", status)
                    .addKeyValue("latencyMs", nanos / 1_000_000)
                    .addKeyValue("traceId", Traces.traceId(exchange).orElse(null))
                    .log();
        }
    }

    /** Outside everything else the gateway does, so the latency and status are the client's. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
