package dev.gleaner.core.crawl;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import crawlercommons.robots.BaseRobotRules;
import dev.gleaner.core.site.RobotsRules;
import dev.gleaner.core.site.SiteUrls;
import dev.gleaner.farm.client.guard.TargetGuard;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Decides what becomes of the URLs a crawl meets: each normalised once ({@link SiteUrls}); off the
 * site (unless subdomains or other sites are allowed) left alone; then refused by the path rules, by
 * the egress guard (never fetched, robots.txt included) or by robots.txt, or fetched.
 */
@Component
public class CrawlFrontier {

    private final RobotsRules robots;
    private final TargetGuard guard;

    public CrawlFrontier(RobotsRules robots, TargetGuard guard) {
        this.robots = robots;
        this.guard = guard;
    }

    /** What becomes of {@code raw} URLs met at {@code depth}, in the order given, each once. */
    public Mono<List<Found>> classify(CrawlCommand crawl, List<String> raw, int depth) {
        Set<String> keys = new HashSet<>();
        List<String> unique = new ArrayList<>();
        for (String url : raw) {
            String normal = SiteUrls.normalise(url, crawl.ignoreQueryParameters());
            if (normal == null) {
                continue;
            }
            URI parsed = URI.create(normal);
            if ((crawl.allowExternal() || SiteUrls.onSite(crawl.url(), parsed, crawl.allowSubdomains()))
                    && keys.add(SiteUrls.key(normal))) {
                unique.add(normal);
            }
        }
        Map<String, Mono<Boolean>> allowedHosts = new HashMap<>();
        Map<String, Mono<BaseRobotRules>> rulesBySite = new HashMap<>();
        return Flux.fromIterable(unique)
                .concatMap(url -> {
                    URI parsed = URI.create(url);
                    if (!crawl.rulesAllow(parsed)) {
                        return Mono.just(new Found(url, depth, Found.Fate.RULES));
                    }
                    String site = SiteUrls.origin(parsed);
                    return allowedHosts.computeIfAbsent(site, s -> Mono.fromCallable(() -> guard.check(parsed).allowed())
                                    .subscribeOn(Schedulers.boundedElastic()).cache())
                            .flatMap(allowed -> !allowed ? Mono.just(new Found(url, depth, Found.Fate.REFUSED))
                                    : !crawl.respectRobots() ? Mono.just(new Found(url, depth, Found.Fate.FETCH))
                                    : rulesBySite.computeIfAbsent(site, s -> robots.forSite(parsed).cache())
                                            .map(rules -> new Found(url, depth, rules.isAllowed(url) ? Found.Fate.FETCH
                                                    : Found.Fate.ROBOTS)));
                })
                .collectList()
                .map(ArrayList::new);
    }
}
