package dev.gleaner.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Crawls.
 *
 * @param maxPages              the most pages one crawl may fetch (a request's {@code maxPages} above it is refused)
 * @param robotsAgent           the name Gleaner looks for in robots.txt's {@code User-agent} lines ({@code *} rules
 *                              apply when none names it)
 * @param robotsTtl             how long a host's robots.txt is kept in Redis, for every instance, before it is
 *                              fetched again
 * @param robotsOverrideTenants tenants (ids or names, comma-separated) allowed to crawl with {@code respectRobots:
 *                              false}; each such crawl is audited (until plans decide it)
 * @param eventPoll             how often a crawl's event stream looks for new events
 * @param userAgent             the User-Agent of Gleaner's own HTTP fetches: pages over HTTP (unless the request names
 *                              one), robots.txt and sitemaps; empty: {@link HttpUserAgent#DEFAULT}
 */
@Validated
@ConfigurationProperties("gleaner.core.crawls")
public record CrawlProperties(
        @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxPages,
        @NotBlank @DefaultValue("gleaner") String robotsAgent,
        @NotNull @DefaultValue("1h") Duration robotsTtl,
        @DefaultValue("") String robotsOverrideTenants,
        @NotNull @DefaultValue("250ms") Duration eventPoll,
        @DefaultValue("") String userAgent) {

    public CrawlProperties {
        userAgent = userAgent == null || userAgent.isBlank() ? HttpUserAgent.DEFAULT : userAgent.strip();
    }

    /** Where the default User-Agent is written once. */
    public static final class HttpUserAgent {
        public static final String DEFAULT = "Mozilla/5.0 (compatible; Gleaner/0.1; +https://gleaner.dev/bot)";

        private HttpUserAgent() {
        }
    }

    /** Whether this tenant may ignore robots.txt. */
    public boolean allowsRobotsOverride(UUID tenantId, String tenantName) {
        return Arrays.stream(robotsOverrideTenants.split(",")).map(String::strip)
                .anyMatch(entry -> !entry.isEmpty() && (entry.equals(tenantId.toString()) || entry.equals(tenantName)));
    }
}
