package dev.gleaner.core.client.batch;

import java.util.List;

/**
 * A page of {@code GET /v1/batch/{id}/results}: the batch's URLs in the order they were given.
 *
 * @param next the cursor of the next page, or null on the last one
 */
public record BatchResults(List<BatchResult> results, String next) {
}
