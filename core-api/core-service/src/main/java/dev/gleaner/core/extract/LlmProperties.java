package dev.gleaner.core.extract;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The language model that extracts structured data from pages: any OpenAI-compatible chat endpoint (OpenAI,
 * OpenRouter, DeepSeek, Ollama, vLLM…). It is operator configuration, not a scrape target: calls to it do not go
 * through the egress guard or the policy gate (a model on loopback works as it is). Without {@code baseUrl} and
 * {@code model}, extraction requests are refused.
 *
 * @param baseUrl        the endpoint's base URL, e.g. {@code https://api.openai.com/v1} or {@code http://127.0.0.1:11434/v1}
 * @param apiKey         its key (never logged, returned or shown); none for a local model
 * @param model          the model's name, unless a tenant's plan names its own
 * @param timeout        the most one call may take (within what is left of the request's budget)
 * @param maxInputTokens the most a call may send; a longer page is split (tokens estimated at 4 characters each)
 * @param maxRetries     retries of a call that timed out, was rate-limited (429) or failed on the model's side (5xx)
 * @param retryBackoff   the first retry's wait, doubled for each next one
 */
@ConfigurationProperties("gleaner.llm")
public record LlmProperties(
        URI baseUrl,
        String apiKey,
        String model,
        @DefaultValue("60s") Duration timeout,
        @DefaultValue("8000") int maxInputTokens,
        @DefaultValue("2") int maxRetries,
        @DefaultValue("1s") Duration retryBackoff) {

    /** Whether a model is configured at all. */
    public boolean configured() {
        return baseUrl != null && !baseUrl.toString().isBlank() && model != null && !model.isBlank();
    }

    @Override
    public String toString() {
        return "LlmProperties[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "(set)")
                + ", timeout=" + timeout + ", maxInputTokens=" + maxInputTokens + "]";
    }
}
