package dev.gleaner.core.extract;

import java.io.IOException;
import java.net.http.HttpTimeoutException;

import dev.gleaner.core.client.scrape.ExtractionError;
import dev.gleaner.core.error.GleanerException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;

/**
 * How a call to the model failed, whatever langchain4j wraps it in: it timed out, was rate-limited (429), failed on
 * the model's side or could not reach it (5xx, connection refused or reset) — all three retried — or the endpoint
 * refused it (401, 400, an unknown model). Each is typed as a problem of its own.
 */
enum ModelFailure {

    TIMEOUT("timeout", "model-timed-out", "Model timed out", "the model did not answer in time, retries included: ", true),
    RATE_LIMITED("rate_limited", "model-rate-limited", "Model rate limited",
            "the model's endpoint answered 429 (too many requests), retries included: ", true),
    UNAVAILABLE("unavailable", "model-unavailable", "Model unavailable",
            "the model's endpoint failed or could not be reached, retries included: ", true),
    REFUSED("refused", "model-refused", "Model refused", "the model's endpoint refused the call: ", false);

    private static final int MAX_DETAIL = 500;

    /** The {@code outcome} tag of {@code gleaner_llm_calls_total}. */
    final String tag;
    private final String type;
    private final String title;
    private final String detail;
    final boolean retriable;

    ModelFailure(String tag, String type, String title, String detail, boolean retriable) {
        this.tag = tag;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.retriable = retriable;
    }

    static ModelFailure of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof RateLimitException || t instanceof HttpException h && h.statusCode() == 429) {
                return RATE_LIMITED;
            }
            if (t instanceof InternalServerException || t instanceof HttpException h && h.statusCode() >= 500
                    || t instanceof IOException) {
                return UNAVAILABLE;
            }
            if (t instanceof HttpException) {
                return REFUSED;
            }
        }
        return REFUSED;
    }

    /** The typed error of {@code e}, its message short and without {@code apiKey} (should an endpoint echo it). */
    static ExtractionError typed(Throwable e, String apiKey) {
        ModelFailure failure = of(e);
        String text = e.getMessage() == null ? "no detail" : e.getMessage();
        if (apiKey != null && !apiKey.isBlank()) {
            text = text.replace(apiKey, "(the key)");
        }
        text = text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text;
        return new ExtractionError(GleanerException.TYPE_PREFIX + failure.type, failure.title, failure.detail + text,
                null, null);
    }
}
