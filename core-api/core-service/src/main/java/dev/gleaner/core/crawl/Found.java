package dev.gleaner.core.crawl;

/**
 * A URL a crawl met, normalised, with what is to become of it.
 *
 * @param url   its normalised spelling (what is fetched)
 * @param key   what tells it from other pages ({@link dev.gleaner.core.site.SiteUrls#key})
 * @param depth links away from the start page
 * @param fate  fetched, or why not
 */
public record Found(String url, String key, int depth, Fate fate) {

    public Found(String url, int depth, Fate fate) {
        this(url, dev.gleaner.core.site.SiteUrls.key(url), depth, fate);
    }

    /** What becomes of a URL the crawl met. */
    public enum Fate {
        FETCH(null), ROBOTS("robots"), RULES("rules"), REFUSED("refused"), ALIAS("alias");

        private final String skipped;

        Fate(String skipped) {
            this.skipped = skipped;
        }

        /** The {@code crawl_pages.skipped} value; null for a page to fetch. */
        public String skipped() {
            return skipped;
        }
    }
}
