package dev.gleaner.core.client.plan;

/**
 * A token bucket: {@code perSecond} requests a second on average, up to {@code burst} at once.
 *
 * @param perSecond 1–100000
 * @param burst     {@code perSecond}–1000000
 */
public record Rate(Integer perSecond, Integer burst) {
}
