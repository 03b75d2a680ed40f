package dev.gleaner.core.client.usage;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code GET /v1/usage}: what a tenant used this calendar month (UTC) against its plan's allowances.
 *
 * @param period    the month, e.g. {@code 2026-12}
 * @param start     when it began
 * @param end       when it ends (and the allowances start afresh)
 * @param plan      the tenant's plan
 * @param used      what it used
 * @param remaining what is left; a null count is unlimited
 * @param llm       a language model's tokens, sent to it and answered by it
 */
public record UsageView(String period, Instant start, Instant end, Plan plan, Counts used, Counts remaining, Llm llm) {

    public record Plan(UUID id, String name) {
    }

    /**
     * Requests admitted, pages fetched (not blocked ones), seconds of browser rendering, a language model's tokens
     * (in and out together: what the allowance counts).
     */
    public record Counts(Long requests, Long pages, Long browserSeconds, Long llmTokens) {
    }

    public record Llm(long inputTokens, long outputTokens) {
    }
}
