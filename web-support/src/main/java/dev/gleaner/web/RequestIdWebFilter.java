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
 *
 * <p>Services behind the gateway accept the id they are given ({@link #RequestIdWebFilter()}).
 * The gateway, the public edge, always makes its own ({@link #atTheEdge()}): a client cannot
 * choose the id core-api keys replay protection and logs on; a client's own id travels on as
 * {@value RequestIds#CORRELATION_HEADER}.
 */
public final class RequestIdWebFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the request id. */
    public static final String ATTRIBUTE = RequestIdWebFilter.class.getName() + ".requestId";

    private final boolean edge;

    /** For services behind the gateway: the incoming id is kept when it is a sane token. */
    public RequestIdWebFilter() {
        this(false);
    }

    private RequestIdWebFilter(boolean edge) {
        this.edge = edge;
    }

    /** For the public edge: a fresh id for every request; the client's id becomes the correlation id. */
    public static RequestIdWebFilter atTheEdge() {
        return new RequestIdWebFilter(true);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String incoming = exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER);
        String requestId = edge ? RequestIds.acceptOrCreate(null) : RequestIds.acceptOrCreate(incoming);
        String correlationId = edge && incoming != null && RequestIds.isSane(incoming) ? incoming : null;
        ServerHttpRequest request = exchange.getRequest().mutate()
                .headers(h -> {
                    h.set(RequestIds.HEADER, requestId);
                    if (edge) {
                        h.remove(RequestIds.CORRELATION_HEADER);
                        if (correlationId != null) {
                            h.set(RequestIds.CORRELATION_HEADER, correlationId);
                        }
                    }
                })
                .build();
        exchange.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
        // exactly one id in the response, even when a proxied service answered with its own copy of it
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
            return Mono.empty();
        });
        if (correlationId != null) {
            exchange.getResponse().getHeaders().set(RequestIds.CORRELATION_HEADER, correlationId);
        }
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
