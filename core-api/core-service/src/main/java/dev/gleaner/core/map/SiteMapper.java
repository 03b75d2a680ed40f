package dev.gleaner.core.map;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.stereotype.Service;

import crawlercommons.filters.basic.BasicURLNormalizer;
import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import dev.gleaner.core.client.map.MapResponse;
import dev.gleaner.core.content.ContentFormats;
import dev.gleaner.core.content.PageContent;
import dev.gleaner.core.error.TargetRefusedException;
import dev.gleaner.core.fetch.HttpFetcher;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /v1/map}: a site's URLs without rendering its pages. Reads robots.txt (crawler-commons:
 * its rules and its sitemaps), the sitemaps it names or {@code /sitemap.xml} (crawler-commons' parser:
 * indexes followed, at most {@value #MAX_SITEMAPS} documents; it never fetches by itself), and the
 * links of the page asked for; every fetch goes over HTTP through the egress guard. URLs are
 * normalised (tracking parameters dropped), kept on the site's host (or its subdomains), left out
 * when robots.txt disallows them for Gleaner, and answered each once.
 */
@Service
public class SiteMapper {

    static final int MAX_SITEMAPS = 20;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    /** Parameters that only say where a visitor came from: one page with or without them. */
    static final List<String> TRACKING = List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
            "utm_id", "gclid", "fbclid", "msclkid", "mc_cid", "mc_eid");
    private static final BasicURLNormalizer NORMALISER = BasicURLNormalizer.newBuilder().queryParamsToRemove(TRACKING)
            .build();
    private static final String ROBOT_NAME = "gleaner";

    private final HttpFetcher http;
    private final TargetGuard guard;
    private final ContentFormats content;

    public SiteMapper(HttpFetcher http, TargetGuard guard, ContentFormats content) {
        this.http = http;
        this.guard = guard;
        this.content = content;
    }

    /** A validated map request. */
    public record MapCommand(URI url, int limit, boolean includeSubdomains, String search) {
    }

    public Mono<MapResponse> map(MapCommand command) {
        String origin = command.url().getScheme() + "://" + command.url().getRawAuthority();
        return Mono.fromCallable(() -> guard.check(command.url())).subscribeOn(Schedulers.boundedElastic())
                .flatMap(verdict -> verdict instanceof TargetVerdict.Refused refused
                        ? Mono.<MapResponse>error(new TargetRefusedException(refused.reason()))
                        : robots(origin).flatMap(rules -> sitemaps(origin, rules)
                                .zipWith(pageLinks(command.url()))
                                .flatMap(found -> content.run(() -> answer(command, rules, found.getT1(), found.getT2())))));
    }

    private Mono<BaseRobotRules> robots(String origin) {
        String url = origin + "/robots.txt";
        return http.fetchBytes(URI.create(url), FETCH_TIMEOUT)
                .<BaseRobotRules>map(robots -> robots.status() == 200
                        ? new SimpleRobotRulesParser().parseContent(url, robots.body(), robots.headers().get("content-type"),
                                List.of(ROBOT_NAME))
                        : new SimpleRobotRulesParser().failedFetch(robots.status()))
                // no robots.txt to be had: everything is allowed, as for a site that has none
                .onErrorResume(e -> Mono.just((BaseRobotRules) new SimpleRobotRulesParser().failedFetch(404)));
    }

    /** What the sitemaps list, and how many sitemap documents were read. */
    private record Listed(List<String> urls, int documents) {
    }

    private Mono<Listed> sitemaps(String origin, BaseRobotRules rules) {
        Deque<String> pending = new ArrayDeque<>(rules.getSitemaps().isEmpty() ? List.of(origin + "/sitemap.xml")
                : rules.getSitemaps());
        Set<String> seen = new LinkedHashSet<>();
        List<String> urls = new ArrayList<>();
        return Mono.defer(() -> next(pending, seen, urls)).repeat(() -> !pending.isEmpty() && seen.size() < MAX_SITEMAPS)
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
                        Collection<SiteMapURL> listed = map.getSiteMapUrls();
                        listed.forEach(u -> urls.add(u.getUrl().toString()));
                    }
                })
                .onErrorResume(e -> Mono.empty()) // a sitemap that cannot be had or read is left out
                .then();
    }

    private Mono<List<String>> pageLinks(URI url) {
        return http.fetchBytes(url, FETCH_TIMEOUT)
                .flatMap(page -> content.run(() -> PageContent.parse(new String(page.body(), HttpFetcher.charset(
                        page.headers().get("content-type"), page.body())), page.finalUrl()).links()))
                .onErrorResume(e -> Mono.just(List.of()));
    }

    private static MapResponse answer(MapCommand command, BaseRobotRules rules, Listed listed, List<String> links) {
        String host = command.url().getHost().toLowerCase(Locale.ROOT);
        int port = portOf(command.url());
        String search = command.search() == null ? null : command.search().toLowerCase(Locale.ROOT);
        Set<String> found = new LinkedHashSet<>();
        for (String raw : concat(listed.urls(), links)) {
            String url = NORMALISER.filter(raw);
            if (url == null || found.size() >= command.limit()) {
                continue;
            }
            URI parsed = URI.create(url);
            String candidate = parsed.getHost();
            boolean onSite = candidate != null && portOf(parsed) == port && (candidate.equals(host)
                    || command.includeSubdomains() && candidate.endsWith("." + host));
            if (onSite && rules.isAllowed(url) && (search == null || url.toLowerCase(Locale.ROOT).contains(search))) {
                found.add(url);
            }
        }
        return new MapResponse(List.copyOf(found), listed.documents());
    }

    private static int portOf(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
