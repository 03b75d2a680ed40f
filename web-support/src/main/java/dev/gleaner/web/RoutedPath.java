package dev.gleaner.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * A request path the way the router sees it: segments percent-decoded, {@code ;} parameters
 * dropped. Authentication decides on this view, never on the raw text, so {@code /%61dmin} and
 * {@code /admin;x} are the admin API for the filter exactly as they are for the router. Paths
 * whose meaning a router, proxy or servlet container could read differently are refused
 * outright: dot segments, encoded slashes or backslashes, and {@code ;} parameters. The gateway
 * refuses them before routing, core-api again before it authenticates.
 */
public record RoutedPath(List<String> segments) {

    /** The decoded segments of {@code path}, empty ones left out; empty when the path is ambiguous. */
    public static Optional<RoutedPath> of(RequestPath path) {
        List<String> segments = new ArrayList<>();
        for (PathContainer.Element element : path.pathWithinApplication().elements()) {
            if (!(element instanceof PathContainer.PathSegment segment)) {
                continue;
            }
            String decoded = segment.valueToMatch();
            if (!segment.parameters().isEmpty() || segment.value().contains(";")
                    || decoded.equals(".") || decoded.equals("..")
                    || decoded.contains("/") || decoded.contains("\\")) {
                return Optional.empty();
            }
            if (!decoded.isEmpty()) {
                segments.add(decoded);
            }
        }
        return Optional.of(new RoutedPath(List.copyOf(segments)));
    }

    /** Writes the 400 problem for a path that {@link #of} refused. */
    public static Mono<Void> refuse(ServerWebExchange exchange) {
        return Problems.write(exchange, HttpStatus.BAD_REQUEST, "Invalid path",
                "paths with dot segments, encoded slashes or ';' parameters are not accepted");
    }

    /** The first segment, lower-cased (routes are case-sensitive, but the decision must not be); "" for {@code /}. */
    public String area() {
        return segments.isEmpty() ? "" : segments.getFirst().toLowerCase(Locale.ROOT);
    }
}
