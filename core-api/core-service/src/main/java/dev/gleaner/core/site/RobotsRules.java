package dev.gleaner.core.site;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.CrawlProperties;
import dev.gleaner.core.fetch.HttpFetcher;
import dev.gleaner.farm.client.redis.RedisConnector;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * A host's robots.txt rules for Gleaner, parsed by crawler-commons (allow and disallow, wildcards,
 * {@code Crawl-delay}, sitemaps). The file is fetched over HTTP through the egress guard once per
 * origin and kept in Redis for {@link CrawlProperties#robotsTtl()}, so every instance uses the same
 * copy; each instance also keeps the parsed rules for {@link #REMEMBER}. Failure policy: when Redis does not answer, the file is fetched without the cache; when the
 * file cannot be had (no answer, 4xx), everything is allowed, as for a site without one; a 5xx
 * answer disallows everything for now, as crawler-commons (and Google) treat it. No answer and 5xx
 * are kept a minute only.
 */
@Component
public class RobotsRules {

    private static final Logger log = LoggerFactory.getLogger(RobotsRules.class);
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_CACHED = 512 * 1024;
    private static final Duration TRANSIENT_TTL = Duration.ofMinutes(1);
    private static final Duration REMEMBER = Duration.ofSeconds(30);
    private static final int MAX_REMEMBERED = 1_000;

    private final HttpFetcher http;
    private final RedisClusterReactiveCommands<String, String> redis;
    private final String prefix;
    private final CrawlProperties properties;
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    public RobotsRules(HttpFetcher http, RedisConnector redis, CoreProperties core, CrawlProperties properties) {
        this.http = http;
        this.redis = redis.reactive();
        this.prefix = core.redisNamespace() + ":robots:";
        this.properties = properties;
    }

    /** What robots.txt says, for the origin ({@code scheme://host:port}) of {@code url}. */
    public Mono<BaseRobotRules> forSite(URI url) {
        String origin = SiteUrls.origin(url);
        Remembered remembered = recent.get(origin);
        if (remembered != null && remembered.until() > System.nanoTime()) {
            return Mono.just(remembered.rules());
        }
        return shared(origin).doOnNext(rules -> {
            if (recent.size() >= MAX_REMEMBERED) {
                recent.clear();
            }
            recent.put(origin, new Remembered(rules, System.nanoTime() + REMEMBER.toNanos()));
        });
    }

    /** Parsed rules this instance read a moment ago, so a crawl's every page does not ask Redis. */
    private record Remembered(BaseRobotRules rules, long until) {
    }

    private Mono<BaseRobotRules> shared(String origin) {
        String key = prefix + origin;
        return redis.get(key).timeout(REDIS_TIMEOUT)
                .map(RobotsRules::fromCache)
                .onErrorResume(e -> {
                    log.warn("robots.txt cache not read ({}); fetching {}/robots.txt", e.toString(), origin);
                    return Mono.empty();
                })
                .switchIfEmpty(Mono.defer(() -> fetch(origin).flatMap(file -> redis
                        .set(key, toCache(file), SetArgs.Builder.px(ttl(file).toMillis()))
                        .timeout(REDIS_TIMEOUT)
                        .onErrorResume(e -> Mono.empty())
                        .thenReturn(file))))
                .map(file -> parse(origin, file));
    }

    /** robots.txt as fetched: its status (0: no answer), its type and its text. */
    private record File(int status, String type, String body) {
    }

    private Mono<File> fetch(String origin) {
        return http.fetchBytes(URI.create(origin + "/robots.txt"), FETCH_TIMEOUT)
                .map(robots -> {
                    byte[] body = robots.body();
                    String text = new String(body, 0, Math.min(body.length, MAX_CACHED), StandardCharsets.UTF_8);
                    return new File(robots.status(), String.valueOf(robots.headers().get("content-type")), text);
                })
                .onErrorResume(e -> Mono.just(new File(0, "", "")));
    }

    /** A file that was had (or is missing: 4xx) is kept for the TTL; no answer or a 5xx for a minute only. */
    private Duration ttl(File file) {
        boolean had = file.status() >= 200 && file.status() < 500;
        return had ? properties.robotsTtl() : TRANSIENT_TTL.compareTo(properties.robotsTtl()) < 0 ? TRANSIENT_TTL
                : properties.robotsTtl();
    }

    private BaseRobotRules parse(String origin, File file) {
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        if (file.status() == 200) {
            return parser.parseContent(origin + "/robots.txt", file.body().getBytes(StandardCharsets.UTF_8), file.type(),
                    List.of(properties.robotsAgent()));
        }
        // no answer at all: as for a site without robots.txt
        return parser.failedFetch(file.status() == 0 ? 404 : file.status());
    }

    private static String toCache(File file) {
        return file.status() + "\n" + file.type().replace('\n', ' ') + "\n" + file.body();
    }

    private static File fromCache(String cached) {
        int first = cached.indexOf('\n');
        int second = cached.indexOf('\n', first + 1);
        return new File(Integer.parseInt(cached.substring(0, first)), cached.substring(first + 1, second),
                cached.substring(second + 1));
    }
}
