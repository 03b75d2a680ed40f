package dev.gleaner.core.client.webhook;

/**
 * The tenant's webhook signing secret, shown this once ({@code POST /v1/webhooks/secret}). Deliveries carry
 * {@code Gleaner-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with this secret>}.
 */
public record WebhookSecret(String secret) {
}
