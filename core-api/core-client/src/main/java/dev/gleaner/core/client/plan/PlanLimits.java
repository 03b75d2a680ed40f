package dev.gleaner.core.client.plan;

/**
 * What a plan allows, per route family: {@code scrape} ({@code POST /v1/scrape}, {@code POST /v1/map}), {@code jobs}
 * ({@code POST /v1/jobs}, {@code POST /v1/batch}), {@code crawls} ({@code POST /v1/crawls}) and {@code read} (every
 * other request: {@code GET}, {@code DELETE}, …). Every family is required.
 */
public record PlanLimits(Rate scrape, Rate jobs, Rate crawls, Rate read) {
}
