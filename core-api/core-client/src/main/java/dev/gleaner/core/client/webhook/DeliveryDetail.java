package dev.gleaner.core.client.webhook;

import java.util.List;

/** One webhook delivery with every attempt to send it, oldest first ({@code GET /admin/v1/webhooks/deliveries/{id}}). */
public record DeliveryDetail(DeliveryView delivery, List<DeliveryAttempt> attempts) {
}
