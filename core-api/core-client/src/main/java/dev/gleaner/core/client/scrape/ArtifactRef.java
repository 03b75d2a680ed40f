package dev.gleaner.core.client.scrape;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stored screenshot or PDF. {@code GET} its {@code url} (through the gateway, with the same
 * tenant's token) for the bytes; no other tenant can read it.
 *
 * @param url         {@code /v1/artifacts/{id}}
 * @param contentType e.g. {@code image/png}
 * @param bytes       its size
 * @param data        the bytes as base64, only when asked for with {@code inline: true} (at most 5 MiB)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactRef(String url, String contentType, long bytes, String data) {
}
