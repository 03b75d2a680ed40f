package dev.gleaner.core.client.webhook;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One attempt to send a webhook delivery.
 *
 * @param attempt its number since the delivery was made (or sent again by an operator)
 * @param status  the receiver's HTTP status, absent when it could not be reached
 * @param error   why it did not count as delivered, absent when it did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryAttempt(int attempt, Integer status, String error, Instant at) {
}
