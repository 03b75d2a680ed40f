package dev.gleaner.core.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import dev.gleaner.core.error.InvalidInputException.FieldError;

/** An http(s) URL a request names (a page, a site, a webhook), read the same way everywhere. */
public final class HttpUrls {

    private HttpUrls() {
    }

    /** The absolute http(s) URL with a host in {@code raw}, or null with what is wrong added to {@code errors}. */
    public static URI parse(String raw, String field, int maxLength, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        if (raw.length() > maxLength) {
            errors.add(new FieldError(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        try {
            URI uri = new URI(raw.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                errors.add(new FieldError(field, "must be an absolute http or https URL with a host"));
                return null;
            }
            if (uri.getPort() == 0 || uri.getPort() > 65_535) {
                errors.add(new FieldError(field, "has a port outside 1–65535"));
                return null;
            }
            if (!validHostLength(uri.getHost())) {
                errors.add(new FieldError(field, "has a host name longer than DNS allows (253 characters, 63 a label)"));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            errors.add(new FieldError(field, "is not a valid URL: " + e.getReason()));
            return null;
        }
    }

    private static boolean validHostLength(String host) {
        if (host.startsWith("[")) {
            return true; // an IPv6 literal
        }
        if (host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.")) {
            if (label.length() > 63) {
                return false;
            }
        }
        return true;
    }
}
