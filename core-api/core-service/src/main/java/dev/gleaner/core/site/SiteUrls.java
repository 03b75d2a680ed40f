package dev.gleaner.core.site;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import crawlercommons.filters.basic.BasicURLNormalizer;

/**
 * One spelling per page, so that each page is fetched once: crawler-commons' normaliser (scheme and
 * host lower-case, default ports and fragments dropped, dot segments resolved, query parameters
 * sorted) without the well-known tracking parameters. Two spellings that differ only by a trailing
 * slash are one page too ({@link #key}), but the first one met is what is fetched: a server may
 * serve only one of them. Shared by {@code /v1/map} and crawls.
 */
public final class SiteUrls {

    /** Parameters that only say where a visitor came from: one page with or without them. */
    public static final List<String> TRACKING = List.of("utm_source", "utm_medium", "utm_campaign", "utm_term",
            "utm_content", "utm_id", "gclid", "fbclid", "msclkid", "mc_cid", "mc_eid");
    private static final BasicURLNormalizer NORMALISER = BasicURLNormalizer.newBuilder().queryParamsToRemove(TRACKING)
            .build();

    private SiteUrls() {
    }

    /** The page's one spelling, or null when it is not an http(s) URL; {@code dropQuery} drops the whole query. */
    public static String normalise(String raw, boolean dropQuery) {
        if (raw == null) {
            return null;
        }
        String url = NORMALISER.filter(raw);
        if (url == null) {
            return null;
        }
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || parsed.getHost() == null) {
            return null;
        }
        String path = parsed.getRawPath() == null || parsed.getRawPath().isEmpty() ? "/" : parsed.getRawPath();
        String query = dropQuery ? null : parsed.getRawQuery();
        return scheme + "://" + parsed.getRawAuthority() + path + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** What tells pages apart: a {@link #normalise normalised} URL without a trailing slash on a path but the root. */
    public static String key(String normalised) {
        int query = normalised.indexOf('?');
        String before = query < 0 ? normalised : normalised.substring(0, query);
        String after = query < 0 ? "" : normalised.substring(query);
        int pathStart = before.indexOf('/', before.indexOf("://") + 3);
        if (pathStart >= 0 && before.length() - pathStart > 1 && before.endsWith("/")) {
            before = before.substring(0, before.length() - 1);
        }
        return before + after;
    }

    /** The port a URL connects to. */
    public static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The URL's origin: scheme, host and port as written. */
    public static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
    }

    /** Whether {@code candidate} is on the site of {@code site} (same host and port), or one of its subdomains. */
    public static boolean onSite(URI site, URI candidate, boolean subdomains) {
        String host = site.getHost() == null ? "" : site.getHost().toLowerCase(Locale.ROOT);
        String other = candidate.getHost() == null ? null : candidate.getHost().toLowerCase(Locale.ROOT);
        return other != null && port(candidate) == port(site)
                && (other.equals(host) || subdomains && other.endsWith("." + host));
    }
}
