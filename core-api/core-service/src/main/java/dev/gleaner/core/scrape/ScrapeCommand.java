package dev.gleaner.core.scrape;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.gleaner.core.client.plan.PlanAllowances;
import dev.gleaner.core.client.scrape.Block;
import dev.gleaner.core.client.scrape.Cookie;
import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.content.ExtractRules;
import dev.gleaner.core.extract.ModelExtract;
import dev.gleaner.core.job.RequestHash;
import dev.gleaner.core.web.HttpUrls;
import dev.gleaner.core.webhook.WebhookRequests;
import dev.gleaner.core.client.scrape.Viewport;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.farm.client.render.Device;
import dev.gleaner.farm.client.render.RenderOptions;
import dev.gleaner.farm.client.render.WaitUntil;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scrape request that passed validation: where, within what budget, and how to render.
 *
 * @param render          how to fetch the page
 * @param browserNeeded   the options that only a browser can meet (empty when an HTTP fetch can serve them)
 * @param onlyMainContent whether the formats are made from the page's main content only
 * @param extract         the CSS extraction rules, or null
 * @param maxAge          how old a stored answer to the same request may be to be reused; null: the cache is not used
 * @param cacheKey        what identifies "the same request" in the cache (set when {@code maxAge} is)
 * @param model           the extraction by a language model, or null
 */
public record ScrapeCommand(URI url, Duration timeout, RenderOptions options, RenderMode render,
        List<String> browserNeeded, boolean onlyMainContent, ExtractRules extract, Duration maxAge, String cacheKey,
        ModelExtract model) {

    static final long MAX_AGE_MS = Duration.ofDays(30).toMillis();
    private static final JsonMapper CANONICAL = JsonMapper.builder().build();

    static final int MIN_TIMEOUT_MS = 1_000;
    static final int MAX_TIMEOUT_MS = 60_000;
    static final int MAX_WAIT_MS = 30_000;
    static final int MAX_URL = 8_192;
    static final int MIN_VIEWPORT = 100;
    static final int MAX_VIEWPORT = 4_000;
    static final int MAX_HEADERS = 50;
    static final int MAX_COOKIES = 50;
    static final int MAX_PATTERNS = 50;
    static final int MAX_TEXT = 1_000;
    static final int MAX_HEADER_VALUE = 4_096;
    static final int MAX_COOKIE_VALUE = 4_096;

    /** Set by the browser or the connection; a tenant may not choose them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "connection", "content-length",
            "transfer-encoding", "te", "trailer", "upgrade", "keep-alive", "proxy-authorization", "proxy-connection",
            "proxy-authenticate", "expect");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}");
    private static final Set<String> RESOURCE_TYPES = Set.of("image", "font", "media", "stylesheet");
    private static final Set<String> SAME_SITE = Set.of("Strict", "Lax", "None");

    /** Validates every field at once, so one answer names every problem. */
    public static ScrapeCommand validate(ScrapeRequest request, Duration defaultTimeout) {
        if (request == null) {
            throw InvalidInputException.of("body", "a JSON object with at least \"url\" is required");
        }
        List<FieldError> errors = new ArrayList<>();
        URI url = HttpUrls.parse(request.url(), "url", MAX_URL, errors);
        WaitUntil waitUntil = null;
        if (request.waitUntil() != null) {
            waitUntil = WaitUntil.of(request.waitUntil()).orElse(null);
            if (waitUntil == null) {
                errors.add(new FieldError("waitUntil", "must be one of load, domcontentloaded, networkidle"));
            }
        }
        String selector = request.waitForSelector();
        if (selector != null && (selector.isBlank() || selector.length() > 500)) {
            errors.add(new FieldError("waitForSelector", "must be a CSS selector of 1 to 500 characters"));
        }
        if (request.waitForMs() != null && (request.waitForMs() < 0 || request.waitForMs() > MAX_WAIT_MS)) {
            errors.add(new FieldError("waitForMs", "must be between 0 and " + MAX_WAIT_MS));
        }
        int timeoutMs = request.timeoutMs() == null ? (int) defaultTimeout.toMillis() : request.timeoutMs();
        if (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
            errors.add(new FieldError("timeoutMs", "must be between " + MIN_TIMEOUT_MS + " and " + MAX_TIMEOUT_MS));
        }
        checkViewport(request.viewport(), errors);
        if (request.device() != null && Device.named(request.device()).isEmpty()) {
            errors.add(new FieldError("device", "is not one of Playwright's device presets (names are case-sensitive,"
                    + " e.g. \"iPhone 15\", \"Pixel 7\", \"Desktop Chrome\")"));
        }
        checkText(request.userAgent(), "userAgent", errors);
        checkLocale(request.locale(), errors);
        checkTimezone(request.timezoneId(), errors);
        checkHeaders(request.headers(), errors);
        checkCookies(request.cookies(), errors);
        checkBlock(request.block(), errors);
        StepRules.checkActions(request.actions(), errors);
        StepRules.checkFormats(request.formats(), errors);
        WebhookRequests.check(request.webhook(), errors);
        if (request.maxAge() != null && (request.maxAge() < 0 || request.maxAge() > MAX_AGE_MS)) {
            errors.add(new FieldError("maxAge", "must be between 0 and " + MAX_AGE_MS + " (30 days, in milliseconds)"));
        }
        RenderMode render = RenderMode.AUTO;
        if (request.render() != null) {
            render = RenderMode.of(request.render()).orElse(null);
            if (render == null) {
                errors.add(new FieldError("render", "must be one of auto, browser, http"));
            }
        }
        List<String> browserNeeded = BrowserOptions.given(request);
        ModelExtract model = ModelExtract.of(request.extract(), errors);
        ExtractRules extract = request.extract() == null || model != null ? null
                : ExtractRules.compile(request.extract().rules(), errors);
        if (render == RenderMode.HTTP) {
            browserNeeded.forEach(field -> errors.add(new FieldError(field,
                    "needs a browser, which render \"http\" never uses (use \"auto\" or \"browser\")")));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new ScrapeCommand(url, Duration.ofMillis(timeoutMs), new RenderOptions(waitUntil, selector,
                request.waitForMs(), request.viewport(), request.device(), request.userAgent(), request.locale(),
                request.timezoneId(), request.headers(), request.cookies(), request.javaScriptEnabled(),
                request.block(), request.actions(), request.formats()), render, List.copyOf(browserNeeded),
                Boolean.TRUE.equals(request.onlyMainContent()), extract,
                request.maxAge() == null ? null : Duration.ofMillis(request.maxAge()),
                request.maxAge() == null ? null : HexFormat.of().formatHex(RequestHash.of(
                        CANONICAL.writeValueAsString(request.forCaching()))), model);
    }

    /** The plan features this scrape needs ({@link PlanAllowances#BROWSER}, {@link PlanAllowances#SCREENSHOTS}). */
    public Set<String> features() {
        Set<String> needed = new java.util.TreeSet<>();
        if (browserFirst()) {
            needed.add(PlanAllowances.BROWSER);
        }
        if (options.format("screenshot").isPresent() || options.format("pdf").isPresent()
                || options.actions().stream().anyMatch(a -> "screenshot".equals(a.type()))) {
            needed.add(PlanAllowances.SCREENSHOTS);
        }
        if (model != null) {
            needed.add(PlanAllowances.LLM_EXTRACTION);
        }
        return needed;
    }

    /** Whether this scrape goes straight to the browser. */
    public boolean browserFirst() {
        return render == RenderMode.BROWSER || (render == RenderMode.AUTO && !browserNeeded.isEmpty());
    }

    private static void checkViewport(Viewport viewport, List<FieldError> errors) {
        if (viewport == null) {
            return;
        }
        for (var side : List.of(Map.entry("width", nullToZero(viewport.width())),
                Map.entry("height", nullToZero(viewport.height())))) {
            if (side.getValue() < MIN_VIEWPORT || side.getValue() > MAX_VIEWPORT) {
                errors.add(new FieldError("viewport." + side.getKey(), "is required and must be between " + MIN_VIEWPORT
                        + " and " + MAX_VIEWPORT));
            }
        }
    }

    private static int nullToZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** Printable text without line breaks, at most {@value #MAX_TEXT} characters. */
    private static void checkText(String value, String field, List<FieldError> errors) {
        if (value != null && (value.isBlank() || value.length() > MAX_TEXT || hasControl(value))) {
            errors.add(new FieldError(field, "must be 1 to " + MAX_TEXT + " characters without control characters"));
        }
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
    }

    private static void checkLocale(String locale, List<FieldError> errors) {
        if (locale == null) {
            return;
        }
        try {
            Locale parsed = new Locale.Builder().setLanguageTag(locale).build();
            if (parsed.getLanguage().isEmpty() || locale.length() > 35) {
                throw new IllformedLocaleException("no language");
            }
        } catch (IllformedLocaleException e) {
            errors.add(new FieldError("locale", "must be a BCP 47 language tag such as en-US or de-DE"));
        }
    }

    private static void checkTimezone(String timezoneId, List<FieldError> errors) {
        if (timezoneId == null) {
            return;
        }
        try {
            if (!timezoneId.contains("/") && !timezoneId.equals("UTC")) {
                throw new DateTimeException("not a region id");
            }
            ZoneId.of(timezoneId);
        } catch (DateTimeException e) {
            errors.add(new FieldError("timezoneId", "must be an IANA time zone such as Europe/Berlin or UTC"));
        }
    }

    private static void checkHeaders(Map<String, String> headers, List<FieldError> errors) {
        if (headers == null) {
            return;
        }
        if (headers.size() > MAX_HEADERS) {
            errors.add(new FieldError("headers", "must hold at most " + MAX_HEADERS + " headers"));
            return;
        }
        headers.forEach((name, value) -> {
            String field = "headers." + name;
            if (!HEADER_NAME.matcher(name).matches()) {
                errors.add(new FieldError(field, "is not a valid HTTP header name"));
            } else if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field, "is set by the browser and cannot be chosen"));
            } else if (value == null || value.length() > MAX_HEADER_VALUE || hasControl(value)) {
                errors.add(new FieldError(field, "must be a value of at most " + MAX_HEADER_VALUE
                        + " characters without line breaks"));
            }
        });
    }

    private static void checkCookies(List<Cookie> cookies, List<FieldError> errors) {
        if (cookies == null) {
            return;
        }
        if (cookies.size() > MAX_COOKIES) {
            errors.add(new FieldError("cookies", "must hold at most " + MAX_COOKIES + " cookies"));
            return;
        }
        for (int i = 0; i < cookies.size(); i++) {
            Cookie cookie = cookies.get(i);
            String at = "cookies[" + i + "]";
            if (cookie == null) {
                errors.add(new FieldError(at, "must be an object"));
                continue;
            }
            if (cookie.name() == null || !COOKIE_NAME.matcher(cookie.name()).matches()) {
                errors.add(new FieldError(at + ".name", "is required and must be a valid cookie name"));
            }
            if (cookie.value() == null || cookie.value().length() > MAX_COOKIE_VALUE || hasControl(cookie.value())
                    || cookie.value().contains(";")) {
                errors.add(new FieldError(at + ".value", "is required: at most " + MAX_COOKIE_VALUE
                        + " characters, no ';' or control characters"));
            }
            if (cookie.url() != null) {
                HttpUrls.parse(cookie.url(), at + ".url", MAX_URL, errors);
                if (cookie.domain() != null || cookie.path() != null) {
                    errors.add(new FieldError(at, "give either url, or domain (and path), not both"));
                }
            }
            if (cookie.domain() != null && (cookie.domain().isBlank() || cookie.domain().length() > 253
                    || !cookie.domain().matches("\\.?[A-Za-z0-9.-]+"))) {
                errors.add(new FieldError(at + ".domain", "must be a host name, optionally with a leading dot"));
            }
            if (cookie.path() != null && !cookie.path().startsWith("/")) {
                errors.add(new FieldError(at + ".path", "must start with /"));
            }
            if (cookie.sameSite() != null && !SAME_SITE.contains(cookie.sameSite())) {
                errors.add(new FieldError(at + ".sameSite", "must be one of Strict, Lax, None"));
            }
            if (cookie.expires() != null && (cookie.expires() < 0 || cookie.expires().isNaN())) {
                errors.add(new FieldError(at + ".expires", "must be Unix time in seconds"));
            }
        }
    }

    private static void checkBlock(Block block, List<FieldError> errors) {
        if (block == null) {
            return;
        }
        List<String> types = block.resourceTypes() == null ? List.of() : block.resourceTypes();
        for (int i = 0; i < types.size(); i++) {
            if (!RESOURCE_TYPES.contains(types.get(i))) {
                errors.add(new FieldError("block.resourceTypes[" + i + "]", "must be one of image, font, media, stylesheet"));
            }
        }
        List<String> patterns = block.urlPatterns() == null ? List.of() : block.urlPatterns();
        if (patterns.size() > MAX_PATTERNS) {
            errors.add(new FieldError("block.urlPatterns", "must hold at most " + MAX_PATTERNS + " patterns"));
            return;
        }
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i);
            if (pattern == null || pattern.isBlank() || pattern.length() > MAX_TEXT || hasControl(pattern)) {
                errors.add(new FieldError("block.urlPatterns[" + i + "]", "must be a wildcard pattern of 1 to "
                        + MAX_TEXT + " characters"));
            }
        }
    }
}
