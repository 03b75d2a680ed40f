package dev.gleaner.gateway.auth;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.gleaner.web.RoutedPath;
import reactor.core.publisher.Mono;

/**
 * Refuses, before any route is matched, a path that a router and the service behind it could read
 * differently ({@code /v1/../internal/…}, encoded slashes, {@code ;} parameters): routes match the
 * raw segments, but the request goes on with its raw path.
 */
public final class AmbiguousPathFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return RoutedPath.of(exchange.getRequest().getPath()).isPresent()
                ? chain.filter(exchange)
                : RoutedPath.refuse(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
