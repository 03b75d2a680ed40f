package dev.gleaner.farm.client.render;

/**
 * Binary output of a render (a screenshot, a PDF), carried back to core-api, which stores it and
 * answers the tenant with a URL.
 *
 * @param name        what it is: {@code screenshot}, {@code pdf}, or {@code action-<index>} for a screenshot action
 * @param contentType its media type
 * @param data        the bytes (base64 in JSON)
 */
public record Artifact(String name, String contentType, byte[] data) {
}
