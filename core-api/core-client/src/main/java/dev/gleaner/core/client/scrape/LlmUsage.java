package dev.gleaner.core.client.scrape;

/**
 * What extraction by a language model used for one page (a job's or a crawl page's too).
 *
 * @param model        the model's name
 * @param calls        calls made (chunks of a long page, repairs and retries included)
 * @param inputTokens  tokens sent, as the model's endpoint counted them
 * @param outputTokens tokens answered
 */
public record LlmUsage(String model, int calls, long inputTokens, long outputTokens) {
}
