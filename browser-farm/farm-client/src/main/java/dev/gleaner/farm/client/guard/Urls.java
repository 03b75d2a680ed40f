package dev.gleaner.farm.client.guard;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * URLs as browsers write them. Chromium leaves {@code | ^ { } [ ] `} and a few more unescaped in
 * paths and queries, and {@link URI} refuses them; here they are percent-encoded (after the
 * authority only) before parsing, so such URLs are checked rather than refused. Host names with
 * underscores, which {@link URI#getHost()} cannot return, are read from the authority.
 */
public final class Urls {

    /** A host (IPv6 literals in brackets) and the port a connection goes to. */
    public record HostAndPort(String host, int port) {
    }

    private Urls() {
    }

    /** The URL as a {@link URI}, unescaped characters after the authority encoded; empty when it is no URL. */
    public static Optional<URI> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(url));
        } catch (URISyntaxException e) {
            try {
                return Optional.of(new URI(encodeAfterAuthority(url.strip())));
            } catch (URISyntaxException again) {
                return Optional.empty();
            }
        }
    }

    /** The host and port an http(s) URL connects to (the scheme's default port when none is given). */
    public static Optional<HostAndPort> hostAndPort(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            return Optional.empty();
        }
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String host = authority;
        int port = -1;
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            host = authority.substring(0, end + 1);
            if (authority.length() > end + 2 && authority.charAt(end + 1) == ':') {
                port = parsePort(authority.substring(end + 2));
            }
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                host = authority.substring(0, colon);
                port = colon + 1 == authority.length() ? -1 : parsePort(authority.substring(colon + 1));
            }
        }
        if (host.isEmpty() || port < -1 || port == 0 || port > 65535) {
            return Optional.empty();
        }
        if (port == -1) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        return Optional.of(new HostAndPort(host.toLowerCase(Locale.ROOT), port));
    }

    private static int parsePort(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    private static String encodeAfterAuthority(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int authorityEnd = start;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        StringBuilder out = new StringBuilder(url.substring(0, authorityEnd));
        boolean fragment = false;
        for (byte b : url.substring(authorityEnd).getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '#' && !fragment) {
                fragment = true;
                out.append('#');
            } else if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}[]#".indexOf(c) >= 0) {
                out.append('%').append(String.format("%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
