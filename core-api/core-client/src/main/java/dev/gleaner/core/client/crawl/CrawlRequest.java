package dev.gleaner.core.client.crawl;

import java.util.List;

/**
 * The crawl's own fields of {@code POST /v1/crawls}. The same body also takes the scrape options of
 * {@code POST /v1/scrape} (without {@code url} and {@code webhook}), applied to every page.
 *
 * @param url                   where the crawl starts (required); its host (and port) is the site
 * @param maxPages              the most pages fetched, 1 to the server's cap (default 1000, cap
 *                              {@code GLEANER_CRAWLS_MAX_PAGES})
 * @param maxDepth              how many links away from the start page the crawl goes, 0–100 (default 10; a sitemap's
 *                              URLs are at depth 1)
 * @param includePaths          regular expressions; when given, only URLs whose path (or full URL, with
 *                              {@code matchFullUrl}) one of them finds are fetched
 * @param excludePaths          regular expressions; URLs one of them finds are not fetched
 * @param matchFullUrl          the path rules match the whole URL instead of its path
 * @param allowSubdomains       also follow links to the site's subdomains
 * @param allowExternal         also follow links to other sites
 * @param sitemap               {@code include} (default: the sitemaps' URLs and the links), {@code skip} (links only)
 *                              or {@code only} (the sitemaps' URLs, no links followed)
 * @param ignoreQueryParameters URLs that differ only in their query are one page (the query is dropped)
 * @param respectRobots         obey robots.txt (default true); false is refused unless the tenant is allowed to, and
 *                              is audited
 * @param delayMs               the least time between two page starts of this crawl, 0–60000 ms (robots.txt's
 *                              {@code Crawl-delay} raises it)
 * @param maxConcurrency        the most pages of this crawl fetched at once, 1–50 (default 4)
 */
public record CrawlRequest(String url, Integer maxPages, Integer maxDepth, List<String> includePaths,
        List<String> excludePaths, Boolean matchFullUrl, Boolean allowSubdomains, Boolean allowExternal, String sitemap,
        Boolean ignoreQueryParameters, Boolean respectRobots, Integer delayMs, Integer maxConcurrency) {

    /** The names of this record's fields: the crawl's own, the rest of a body is scrape options. */
    public static final List<String> FIELDS = List.of("url", "maxPages", "maxDepth", "includePaths", "excludePaths",
            "matchFullUrl", "allowSubdomains", "allowExternal", "sitemap", "ignoreQueryParameters", "respectRobots",
            "delayMs", "maxConcurrency");
}
