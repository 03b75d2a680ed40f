package dev.gleaner.web;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Accepts or creates the request id, puts it on the request (for downstream hops), the
 * response, the exchange attributes, and the Reactor context (from which the MDC is filled).
 */
public final class RequestIdWebFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the request id. */
    public static final String ATTRIBUTE = RequestIdWebFilter.class.getName() + ".requestId";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId = RequestIds.acceptOrCreate(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        ServerHttpRequest request = exchange.getRequest().mutate()
                .headers(h -> h.set(RequestIds.HEADER, requestId))
                .build();
        exchange.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
        ServerWebExchange mutated = exchange.mutate().request(request).build();
        mutated.getAttributes().put(ATTRIBUTE, requestId);
        return chain.filter(mutated).contextWrite(ctx -> ctx.put(RequestIds.MDC_KEY, requestId));
    }

    /** The request id of an exchange that passed this filter. */
    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        return id != null ? id : exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
