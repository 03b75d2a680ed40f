package dev.gleaner.core.client.crawl;

import java.util.List;
import java.util.UUID;

/** A crawl of any tenant, for operators ({@code /admin/v1/crawls}): the tenant's view of it and whose it is. */
public record AdminCrawlView(UUID tenantId, CrawlView crawl) {

    /** Crawls newest first; {@code next} is the cursor of the page after, null on the last. */
    public record Page(List<AdminCrawlView> crawls, String next) {
    }
}
