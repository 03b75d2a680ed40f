package dev.gleaner.core.client.plan;

import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a plan's tenants may use, per calendar month (UTC) and at once; a null allowance is unlimited.
 *
 * @param requestsPerMonth       requests admitted: a scrape, a map, a job, a crawl, each URL of a batch
 * @param pagesPerMonth          pages fetched (blocked and CAPTCHA pages, and answers reused from the cache, not counted)
 * @param browserSecondsPerMonth seconds of browser rendering
 * @param concurrentBrowsers     renders at once (below the tenant's own concurrency cap when that is lower)
 * @param maxCrawlPages          the largest {@code maxPages} of one crawl
 * @param features               what its requests may use, of {@link #FEATURES}; null: all of them
 * @param retentionDays          how long its results and artifacts are kept, unless the tenant has its own
 * @param llmTokensPerMonth      tokens (in and out) of extraction by a language model
 * @param llmModel               the model its extractions use, on the configured endpoint (null: the configured one)
 * @param llmMaxInputTokens      that model's input limit, for splitting long pages (null: the configured one)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanAllowances(Long requestsPerMonth, Long pagesPerMonth, Long browserSecondsPerMonth,
        Integer concurrentBrowsers, Integer maxCrawlPages, Set<String> features, Integer retentionDays,
        Long llmTokensPerMonth, String llmModel, Integer llmMaxInputTokens) {

    /** Rendering in the browser ({@code render: browser}, and an {@code auto} scrape going on to it). */
    public static final String BROWSER = "browser";
    public static final String CRAWLS = "crawls";
    /** The {@code screenshot} and {@code pdf} formats and {@code screenshot} actions. */
    public static final String SCREENSHOTS = "screenshots";
    public static final String LLM_EXTRACTION = "llm-extraction";
    /** Crawling with {@code respectRobots: false}. */
    public static final String ROBOTS_OVERRIDE = "robots-override";
    public static final Set<String> FEATURES = Set.of(BROWSER, CRAWLS, SCREENSHOTS, LLM_EXTRACTION, ROBOTS_OVERRIDE);

    /** Everything, without limit: a plan that names no allowances. */
    public static final PlanAllowances UNLIMITED = new PlanAllowances(null, null, null, null, null, null, null, null,
            null, null);

    /** Whether the plan allows {@code feature}. */
    public boolean allows(String feature) {
        return features == null || features.contains(feature);
    }
}
