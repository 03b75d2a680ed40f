package dev.gleaner.core.site;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import dev.gleaner.core.content.ContentFormats;
import dev.gleaner.core.fetch.HttpFetcher;
import reactor.core.publisher.Mono;

/**
 * A site's sitemaps, read by crawler-commons' parser (XML, text and RSS sitemaps, gzipped or not,
 * and indexes) on documents fetched over HTTP through the egress guard; it never fetches by itself.
 * Starts from the sitemaps robots.txt names, or {@code /sitemap.xml}; follows indexes, reading at
 * most {@value #MAX_DOCUMENTS} documents. A sitemap that cannot be had or read is left out.
 */
@Component
public class Sitemaps {

    public static final int MAX_DOCUMENTS = 20;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final HttpFetcher http;
    private final ContentFormats content;

    public Sitemaps(HttpFetcher http, ContentFormats content) {
        this.http = http;
        this.content = content;
    }

    /** What the sitemaps list (as written, in order), and how many sitemap documents were read. */
    public record Listed(List<String> urls, int documents) {
    }

    public Mono<Listed> of(URI site, BaseRobotRules rules) {
        String origin = SiteUrls.origin(site);
        Deque<String> pending = new ArrayDeque<>(rules.getSitemaps().isEmpty() ? List.of(origin + "/sitemap.xml")
                : rules.getSitemaps());
        Set<String> seen = new LinkedHashSet<>();
        List<String> urls = new ArrayList<>();
        return Mono.defer(() -> next(pending, seen, urls)).repeat(() -> !pending.isEmpty() && seen.size() < MAX_DOCUMENTS)
                .then(Mono.fromSupplier(() -> new Listed(urls, seen.size())));
    }

    /** Reads the next sitemap document: an index adds its sitemaps to {@code pending}, a sitemap its URLs. */
    private Mono<Void> next(Deque<String> pending, Set<String> seen, List<String> urls) {
        String sitemap = pending.poll();
        if (sitemap == null || !seen.add(sitemap)) {
            return Mono.empty();
        }
        return http.fetchBytes(URI.create(sitemap), FETCH_TIMEOUT)
                .filter(document -> document.status() == 200)
                .flatMap(document -> content.run(() -> new SiteMapParser(false).parseSiteMap(
                        document.headers().getOrDefault("content-type", "application/xml"), document.body(),
                        URI.create(sitemap).toURL())))
                .doOnNext(parsed -> {
                    if (parsed instanceof SiteMapIndex index) {
                        index.getSitemaps().forEach(s -> pending.add(s.getUrl().toString()));
                    } else if (parsed instanceof SiteMap map) {
                        map.getSiteMapUrls().forEach(u -> urls.add(u.getUrl().toString()));
                    }
                })
                .onErrorResume(e -> Mono.empty())
                .then();
    }
}
