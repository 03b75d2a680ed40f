package dev.gleaner.core.map;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;

import crawlercommons.robots.BaseRobotRules;
import dev.gleaner.core.client.map.MapResponse;
import dev.gleaner.core.content.ContentFormats;
import dev.gleaner.core.content.PageContent;
import dev.gleaner.core.error.TargetRefusedException;
import dev.gleaner.core.fetch.HttpFetcher;
import dev.gleaner.core.site.RobotsRules;
import dev.gleaner.core.site.SiteUrls;
import dev.gleaner.core.site.Sitemaps;
import dev.gleaner.core.policy.DomainPauses;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /v1/map}: a site's URLs without rendering its pages: what its sitemaps list
 * ({@link Sitemaps}) and the links of the page asked for, every fetch over HTTP through the egress
 * guard. URLs are normalised ({@link SiteUrls}), kept on the site's host and port (or its
 * subdomains), left out when robots.txt disallows them for Gleaner ({@link RobotsRules}), and answered
 * each once.
 */
@Service
public class SiteMapper {

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final HttpFetcher http;
    private final TargetGuard guard;
    private final ContentFormats content;
    private final RobotsRules robots;
    private final Sitemaps sitemaps;
    private final DomainPauses pauses;

    public SiteMapper(HttpFetcher http, TargetGuard guard, ContentFormats content, RobotsRules robots, Sitemaps sitemaps,
            DomainPauses pauses) {
        this.pauses = pauses;
        this.http = http;
        this.guard = guard;
        this.content = content;
        this.robots = robots;
        this.sitemaps = sitemaps;
    }

    /** A validated map request. */
    public record MapCommand(URI url, int limit, boolean includeSubdomains, String search) {
    }

    /** Maps the site for a tenant: refused at once when the site's domain is paused for it. */
    public Mono<MapResponse> map(UUID tenantId, MapCommand command) {
        return pauses.check(tenantId, command.url()).then(Mono.fromCallable(() -> guard.check(command.url())))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(verdict -> verdict instanceof TargetVerdict.Refused refused
                        ? Mono.<MapResponse>error(new TargetRefusedException(refused.reason()))
                        : robots.forSite(command.url()).flatMap(rules -> sitemaps.of(command.url(), rules)
                                .zipWith(pageLinks(command.url()))
                                .flatMap(found -> content.run(() -> answer(command, rules, found.getT1(), found.getT2())))));
    }

    private Mono<List<String>> pageLinks(URI url) {
        return http.fetchBytes(url, FETCH_TIMEOUT)
                .flatMap(page -> content.run(() -> PageContent.parse(new String(page.body(), HttpFetcher.charset(
                        page.headers().get("content-type"), page.body())), page.finalUrl()).links()))
                .onErrorResume(e -> Mono.just(List.of()));
    }

    private static MapResponse answer(MapCommand command, BaseRobotRules rules, Sitemaps.Listed listed,
            List<String> links) {
        String search = command.search() == null ? null : command.search().toLowerCase(Locale.ROOT);
        List<String> all = new ArrayList<>(listed.urls());
        all.addAll(links);
        Set<String> keys = new HashSet<>();
        List<String> found = new ArrayList<>();
        for (String raw : all) {
            String url = SiteUrls.normalise(raw, false);
            if (url == null || found.size() >= command.limit()) {
                continue;
            }
            if (SiteUrls.onSite(command.url(), URI.create(url), command.includeSubdomains()) && rules.isAllowed(url)
                    && (search == null || url.toLowerCase(Locale.ROOT).contains(search)) && keys.add(SiteUrls.key(url))) {
                found.add(url);
            }
        }
        return new MapResponse(List.copyOf(found), listed.documents());
    }
}
