package dev.gleaner.core.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Webhook delivery.
 *
 * @param maxAttempts  attempts before a delivery is dead
 * @param retryBase    wait before the second attempt; doubles per attempt, with jitter
 * @param retryMax     the longest wait between attempts
 * @param timeout      how long one attempt may take
 * @param pollInterval how often each instance looks for ended jobs and due deliveries
 */
@Validated
@ConfigurationProperties("gleaner.core.webhooks")
public record WebhookProperties(
        @Min(1) @Max(50) @DefaultValue("8") int maxAttempts,
        @NotNull @DefaultValue("5s") Duration retryBase,
        @NotNull @DefaultValue("1h") Duration retryMax,
        @NotNull @DefaultValue("10s") Duration timeout,
        @NotNull @DefaultValue("1s") Duration pollInterval) {
}
