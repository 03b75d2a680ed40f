package dev.gleaner.core.client.scrape;

import java.util.List;
import java.util.Map;

/**
 * Where a job or batch calls back when it ends (not for synchronous scrapes).
 *
 * @param url      an absolute http(s) URL; the egress guard decides at each delivery whether it may be reached
 * @param events   which events to send: {@code job.succeeded}, {@code job.failed} (failed or blocked), and for a batch
 *                 {@code batch.completed}; default: both job events for a job, {@code batch.completed} for a batch
 * @param metadata anything of the caller's, sent back in every delivery (at most 4 KiB as JSON)
 */
public record Webhook(String url, List<String> events, Map<String, Object> metadata) {
}
