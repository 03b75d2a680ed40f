package dev.gleaner.gateway.ratelimit;

import java.util.Locale;

import org.springframework.http.HttpMethod;

/**
 * Which of a plan's limits a request draws from: {@code scrape} ({@code POST /v1/scrape}, {@code POST /v1/map}),
 * {@code jobs} ({@code POST /v1/jobs}, {@code POST /v1/batch}), {@code crawls} ({@code POST /v1/crawls}), and
 * {@code read} for every other request.
 */
public enum RouteFamily {
    SCRAPE, JOBS, CRAWLS, READ;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RouteFamily of(HttpMethod method, String path) {
        if (!HttpMethod.POST.equals(method)) {
            return READ;
        }
        return switch (path) {
            case "/v1/scrape", "/v1/map" -> SCRAPE;
            case "/v1/jobs", "/v1/batch" -> JOBS;
            case "/v1/crawls" -> CRAWLS;
            default -> READ;
        };
    }
}
