package dev.gleaner.gateway;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * {@code gleaner_gateway_upstream_seconds}: from handing a request to core-api to its answer's headers,
 * wrapped right around the routing filter (retries each counted).
 */
public final class UpstreamTimer implements GlobalFilter, Ordered {

    private final Timer timer;

    public UpstreamTimer(MeterRegistry meters) {
        this.timer = Timer.builder("gleaner.gateway.upstream").description("core-api's answer time, seen from the gateway")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start();
            return chain.filter(exchange).doFinally(signal -> sample.stop(timer));
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
