package dev.gleaner.core.client.map;

/**
 * Body of {@code POST /v1/map}.
 *
 * @param url               the site's address (its host is the site)
 * @param limit             the most URLs to answer with, 1–5000 (default 1000)
 * @param includeSubdomains also URLs on the host's subdomains
 * @param search            only URLs that contain this text (case-insensitive)
 */
public record MapRequest(String url, Integer limit, Boolean includeSubdomains, String search) {
}
