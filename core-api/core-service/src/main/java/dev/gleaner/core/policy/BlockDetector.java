package dev.gleaner.core.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Tells a block or CAPTCHA page from content, by the status code, headers and body signatures of
 * the common bot-protection vendors (Cloudflare, Akamai, Imperva, DataDome, PerimeterX/HUMAN,
 * AWS WAF/CloudFront, Sucuri) and the CAPTCHA widgets (reCAPTCHA, hCaptcha, Turnstile). A CAPTCHA
 * widget on an ordinary page (a contact form) is content: it counts only on an error status or a
 * page with little else to read.
 */
public final class BlockDetector {

    /** What kind of page it is instead of content. */
    public enum Kind {
        BLOCKED, CAPTCHA;

        /** The scrape's {@code outcome}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A page found to be a block or a CAPTCHA, and the signature that gave it away. */
    public record Detection(Kind kind, String signal) {
    }

    /** The page as fetched: its status, headers (names lower-case) and HTML. */
    private record Page(int status, Map<String, String> headers, String html) {

        boolean has(String needle) {
            return html.contains(needle);
        }

        String header(String name) {
            return headers.getOrDefault(name, "").toLowerCase(Locale.ROOT);
        }

        boolean errorStatus() {
            return status == 401 || status == 403 || status == 405 || status == 429 || status == 503;
        }

        /** Little to read: a challenge page has a sentence or two around its widget. */
        boolean thin() {
            return TAGS.matcher(SCRIPTS.matcher(html).replaceAll(" ")).replaceAll(" ").replaceAll("\\s+", " ").length()
                    < THIN_TEXT;
        }
    }

    private record Rule(Kind kind, String signal, Predicate<Page> matches) {
    }

    /** Only the start of a page is looked at: signatures sit near the top of every vendor's page. */
    private static final int SCANNED = 256 * 1024;
    private static final int THIN_TEXT = 600;
    private static final Pattern SCRIPTS = Pattern.compile("(?is)<(script|style)\\b.*?</\\1\\s*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");

    private static final List<Rule> RULES = List.of(
            // a widget that must be solved, on a page that is nothing but it (or refused with it)
            captcha("datadome-captcha", p -> p.has("captcha-delivery.com")),
            captcha("perimeterx-captcha", p -> p.has("px-captcha") || p.has("captcha.px-cdn.net")),
            captcha("aws-waf-captcha", p -> p.has("awswaf") && p.has("captcha")),
            captcha("cloudflare-turnstile", p -> p.has("challenges.cloudflare.com/turnstile")
                    && (p.errorStatus() || p.thin())),
            captcha("hcaptcha", p -> (p.has("hcaptcha.com/1/api.js") || p.has("class=\"h-captcha\""))
                    && (p.errorStatus() || p.thin())),
            captcha("recaptcha", p -> (p.has("google.com/recaptcha/api") || p.has("class=\"g-recaptcha\""))
                    && (p.errorStatus() || p.thin())),
            // challenges and refusals
            // (ordinary pages behind Cloudflare load /cdn-cgi/challenge-platform/scripts/jsd/main.js too: not enough)
            blocked("cloudflare-challenge", p -> p.header("cf-mitigated").equals("challenge")
                    || p.has("window._cf_chl_opt")
                    || p.has("<title>Just a moment...</title>") && p.has("/cdn-cgi/challenge-platform/")),
            blocked("cloudflare-block", p -> p.header("server").contains("cloudflare") && p.status() >= 400
                    && (p.has("cf-error-details") || p.has("Sorry, you have been blocked"))),
            blocked("akamai-access-denied", p -> p.status() == 403 && p.has("<TITLE>Access Denied</TITLE>")
                    || p.status() == 403 && p.has("You don't have permission to access") && p.has("Reference&#32;&#35;")),
            blocked("imperva", p -> p.has("_Incapsula_Resource") || p.has("Incapsula incident ID")),
            blocked("perimeterx-block", p -> p.has("Access to this page has been denied")
                    && (p.has("_pxAppId") || p.has("perimeterx"))),
            blocked("cloudfront-block", p -> p.status() == 403 && p.has("The request could not be satisfied")
                    && p.has("Request blocked")),
            blocked("datadome-block", p -> p.status() == 403 && !p.header("x-datadome").isEmpty()),
            blocked("sucuri", p -> p.has("Sucuri WebSite Firewall")),
            // no vendor named: the status says it
            blocked("http-403", p -> p.status() == 403),
            blocked("http-451", p -> p.status() == 451));

    private BlockDetector() {
    }

    private static Rule captcha(String signal, Predicate<Page> matches) {
        return new Rule(Kind.CAPTCHA, signal, matches);
    }

    private static Rule blocked(String signal, Predicate<Page> matches) {
        return new Rule(Kind.BLOCKED, signal, matches);
    }

    /** The first signature the page matches, if any: CAPTCHAs before blocks, vendors before bare statuses. */
    public static Optional<Detection> detect(int status, Map<String, String> headers, String html) {
        String scanned = html == null ? "" : html.length() > SCANNED ? html.substring(0, SCANNED) : html;
        Page page = new Page(status, headers == null ? Map.of() : headers, scanned);
        return RULES.stream().filter(rule -> rule.matches().test(page)).findFirst()
                .map(rule -> new Detection(rule.kind(), rule.signal()));
    }
}
