package dev.gleaner.core.scrape;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;

/** A scrape request that passed validation. */
public record ScrapeCommand(URI url, String waitForSelector, int waitForMs, Duration timeout) {

    static final int MIN_TIMEOUT_MS = 1_000;
    static final int MAX_TIMEOUT_MS = 60_000;
    static final int MAX_WAIT_MS = 30_000;
    static final int MAX_URL = 8_192;

    /** Validates every field at once, so one answer names every problem. */
    public static ScrapeCommand validate(ScrapeRequest request, Duration defaultTimeout) {
        if (request == null) {
            throw InvalidInputException.of("body", "a JSON object with at least \"url\" is required");
        }
        List<FieldError> errors = new ArrayList<>();
        URI url = parseUrl(request.url(), errors);
        String selector = request.waitForSelector();
        if (selector != null && (selector.isBlank() || selector.length() > 500)) {
            errors.add(new FieldError("waitForSelector", "must be a CSS selector of 1 to 500 characters"));
        }
        int waitForMs = request.waitForMs() == null ? 0 : request.waitForMs();
        if (waitForMs < 0 || waitForMs > MAX_WAIT_MS) {
            errors.add(new FieldError("waitForMs", "must be between 0 and " + MAX_WAIT_MS));
        }
        int timeoutMs = request.timeoutMs() == null ? (int) defaultTimeout.toMillis() : request.timeoutMs();
        if (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
            errors.add(new FieldError("timeoutMs", "must be between " + MIN_TIMEOUT_MS + " and " + MAX_TIMEOUT_MS));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new ScrapeCommand(url, selector, waitForMs, Duration.ofMillis(timeoutMs));
    }

    private static URI parseUrl(String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError("url", "is required"));
            return null;
        }
        if (raw.length() > MAX_URL) {
            errors.add(new FieldError("url", "must be at most " + MAX_URL + " characters"));
            return null;
        }
        try {
            URI uri = new URI(raw.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                errors.add(new FieldError("url", "must be an absolute http or https URL with a host"));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            errors.add(new FieldError("url", "is not a valid URL: " + e.getReason()));
            return null;
        }
    }
}
