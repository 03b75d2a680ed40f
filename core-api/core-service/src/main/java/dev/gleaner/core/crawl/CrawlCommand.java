package dev.gleaner.core.crawl;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.gleaner.core.client.crawl.CrawlRequest;
import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.scrape.ScrapeCommand;
import dev.gleaner.core.web.HttpUrls;

/**
 * A crawl as validated: its own options with their defaults, and the scrape options of its pages.
 * The same validation reads a new request and, at every page, the options stored with the crawl.
 */
public record CrawlCommand(URI url, int maxPages, int maxDepth, List<Pattern> includePaths, List<Pattern> excludePaths,
        boolean matchFullUrl, boolean allowSubdomains, boolean allowExternal, Sitemap sitemap,
        boolean ignoreQueryParameters, boolean respectRobots, int delayMs, int maxConcurrency) {

    static final int DEFAULT_MAX_PAGES = 1_000;
    static final int DEFAULT_MAX_DEPTH = 10;
    static final int MAX_DEPTH = 100;
    static final int MAX_DELAY_MS = 60_000;
    static final int DEFAULT_CONCURRENCY = 4;
    static final int MAX_CONCURRENCY = 50;
    static final int MAX_PATTERNS = 50;
    static final int MAX_URL = 8_192;

    /** How a crawl uses the site's sitemaps. */
    public enum Sitemap {
        INCLUDE, SKIP, ONLY;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Validates the crawl's own fields; {@code maxPagesCap} is the server's cap. */
    public static CrawlCommand validate(CrawlRequest request, int maxPagesCap) {
        List<FieldError> errors = new ArrayList<>();
        CrawlCommand command = validate(request, maxPagesCap, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return command;
    }

    static CrawlCommand validate(CrawlRequest request, int maxPagesCap, List<FieldError> errors) {
        URI url = HttpUrls.parse(request.url(), "url", MAX_URL, errors);
        int maxPages = within(request.maxPages(), DEFAULT_MAX_PAGES > maxPagesCap ? maxPagesCap : DEFAULT_MAX_PAGES, 1,
                maxPagesCap, "maxPages", errors);
        int maxDepth = within(request.maxDepth(), DEFAULT_MAX_DEPTH, 0, MAX_DEPTH, "maxDepth", errors);
        int delay = within(request.delayMs(), 0, 0, MAX_DELAY_MS, "delayMs", errors);
        int concurrency = within(request.maxConcurrency(), DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY, "maxConcurrency",
                errors);
        Sitemap sitemap = Sitemap.INCLUDE;
        if (request.sitemap() != null) {
            try {
                sitemap = Sitemap.valueOf(request.sitemap().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("sitemap", "must be one of include, skip, only"));
            }
        }
        return new CrawlCommand(url, maxPages, maxDepth, patterns(request.includePaths(), "includePaths", errors),
                patterns(request.excludePaths(), "excludePaths", errors), Boolean.TRUE.equals(request.matchFullUrl()),
                Boolean.TRUE.equals(request.allowSubdomains()), Boolean.TRUE.equals(request.allowExternal()), sitemap,
                Boolean.TRUE.equals(request.ignoreQueryParameters()), !Boolean.FALSE.equals(request.respectRobots()),
                delay, concurrency);
    }

    /** Validates the scrape options every page runs with, against the start URL. */
    static void validatePages(ScrapeRequest pageOptions, String url, Duration defaultTimeout, List<FieldError> errors) {
        if (url == null) {
            return;
        }
        try {
            ScrapeCommand.validate(pageOptions.withUrl(url), defaultTimeout);
        } catch (InvalidInputException e) {
            e.errors().stream().filter(error -> !error.field().equals("url")).forEach(errors::add);
        }
    }

    private static int within(Integer value, int fallback, int min, int max, String field, List<FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
        return value;
    }

    private static List<Pattern> patterns(List<String> given, String field, List<FieldError> errors) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > MAX_PATTERNS) {
            errors.add(new FieldError(field, "at most " + MAX_PATTERNS + " patterns"));
            return List.of();
        }
        List<Pattern> compiled = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String pattern = given.get(i);
            if (pattern == null || pattern.isEmpty() || pattern.length() > 1_000) {
                errors.add(new FieldError(field + "[" + i + "]", "must be a regular expression of 1 to 1000 characters"));
                continue;
            }
            try {
                compiled.add(Pattern.compile(pattern));
            } catch (PatternSyntaxException e) {
                errors.add(new FieldError(field + "[" + i + "]", "is not a regular expression: " + e.getDescription()));
            }
        }
        return List.copyOf(compiled);
    }

    /** The request these options come from, with every default written out (what is stored with the crawl). */
    public CrawlRequest toRequest() {
        return new CrawlRequest(url.toString(), maxPages, maxDepth, includePaths.stream().map(Pattern::pattern).toList(),
                excludePaths.stream().map(Pattern::pattern).toList(), matchFullUrl, allowSubdomains, allowExternal,
                sitemap.wire(), ignoreQueryParameters, respectRobots, delayMs, maxConcurrency);
    }

    /** The same crawl with another least time between page starts. */
    CrawlCommand withDelayMs(int delay) {
        return new CrawlCommand(url, maxPages, maxDepth, includePaths, excludePaths, matchFullUrl, allowSubdomains,
                allowExternal, sitemap, ignoreQueryParameters, respectRobots, delay, maxConcurrency);
    }

    /** Whether the path rules let {@code url} (normalised) be fetched. */
    public boolean rulesAllow(URI url) {
        String subject = matchFullUrl ? url.toString() : url.getRawPath() == null || url.getRawPath().isEmpty() ? "/"
                : url.getRawPath();
        if (!includePaths.isEmpty() && includePaths.stream().noneMatch(p -> p.matcher(subject).find())) {
            return false;
        }
        return excludePaths.stream().noneMatch(p -> p.matcher(subject).find());
    }

    /** Whether links are followed from fetched pages. */
    public boolean followsLinks() {
        return sitemap != Sitemap.ONLY;
    }
}
