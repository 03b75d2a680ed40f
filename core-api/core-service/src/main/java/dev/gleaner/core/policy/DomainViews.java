package dev.gleaner.core.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.gleaner.core.client.policy.DomainPauseView;
import dev.gleaner.core.client.policy.DomainView;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.DomainProperties;
import dev.gleaner.core.error.GleanerException;
import dev.gleaner.farm.client.redis.RedisConnector;
import io.lettuce.core.Range;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the policy gate keeps of each domain, read for operators ({@code GET /admin/v1/domains}) and gauges:
 * the rate now and its ceiling, fetches in flight, the breaker, a Retry-After hold, the last minutes' counts, the
 * pauses in force and the domain's own settings. Reads only; {@link DomainGate} alone changes the state.
 */
@Component
public class DomainViews {

    private static final Duration SEEN_FOR = Duration.ofDays(1);
    private static final String[] COUNTS = {"req", "thr", "err", "blk", "cap"};

    private final RedisClusterReactiveCommands<String, String> redis;
    private final DomainPolicies policies;
    private final DomainPauses pauses;
    private final Duration timeout;
    private final String namespace;

    public DomainViews(RedisConnector redis, CoreProperties core, DomainProperties properties, DomainPolicies policies,
            DomainPauses pauses) {
        this.redis = redis.reactive();
        this.namespace = core.redisNamespace();
        this.timeout = properties.redisTimeout();
        this.policies = policies;
        this.pauses = pauses;
    }

    /** The domains admitted a fetch over the last day, most recent first. */
    public Flux<String> seen(int limit) {
        return recentFirst(limit - 1);
    }

    /** The domains seen over the last day, most recent first, up to index {@code last} (-1: all of them). */
    private Flux<String> recentFirst(long last) {
        return redis.zremrangebyscore(DomainGate.seenKey(namespace), Range.create(0, (double) (System.currentTimeMillis() - SEEN_FOR.toMillis())))
                .thenMany(redis.zrevrange(DomainGate.seenKey(namespace), 0, last))
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof GleanerException), DomainGate::unavailable);
    }

    /** How a page of domains may be ordered: by when last seen, by name, or by a figure of the last minutes. */
    public enum Order {
        LAST_SEEN(null), DOMAIN(null),
        REQUESTS(Comparator.comparingLong(d -> d.recent().requests())),
        THROTTLED(Comparator.comparingLong(d -> d.recent().throttled())),
        BLOCKED(Comparator.comparingLong(d -> d.recent().blocked() + d.recent().captchas())),
        FAILURES(Comparator.comparingLong(d -> d.recent().failures()));

        /** Null when the order is known without reading each domain's state. */
        private final Comparator<DomainView> byFigure;

        Order(Comparator<DomainView> byFigure) {
            this.byFigure = byFigure;
        }
    }

    /**
     * One page of the domains seen over the last day whose name contains {@code q} (when not null), with their
     * state. Ordered by a figure, every matching domain's state is read first (a few Redis reads each).
     */
    public Flux<DomainView> page(String q, Order order, boolean descending, long offset, int limit) {
        return recentFirst(-1)
                .filter(domain -> q == null || domain.contains(q.toLowerCase(Locale.ROOT)))
                .collectList()
                .flatMapMany(recentFirst -> {
                    if (order.byFigure == null) {
                        List<String> ordered = new ArrayList<>(recentFirst);
                        if (order == Order.DOMAIN) {
                            ordered.sort(Comparator.naturalOrder());
                        }
                        if (descending == (order == Order.DOMAIN)) {
                            Collections.reverse(ordered);
                        }
                        return Flux.fromIterable(ordered).skip(offset).take(limit).concatMap(this::view);
                    }
                    Comparator<DomainView> by = order.byFigure.thenComparing(DomainView::domain);
                    return Flux.fromIterable(recentFirst).flatMapSequential(this::view, 16)
                            .sort(descending ? by.reversed() : by).skip(offset).take(limit);
                });
    }

    /** The gate's state of one domain (defaults for one it has not seen), with the pauses in force over it. */
    public Mono<DomainView> view(String domain) {
        DomainPolicies.Limits limits = policies.limits(domain);
        String[] keys = DomainGate.keys(namespace, domain);
        return redis.hgetall(keys[0]).collectMap(kv -> kv.getKey(), kv -> kv.getValue())
                .zipWith(redis.zcount(keys[1], Range.create((double) System.currentTimeMillis(), Double.POSITIVE_INFINITY)))
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof GleanerException), DomainGate::unavailable)
                .map(read -> view(domain, limits, read.getT1(), read.getT2()));
    }

    private DomainView view(String domain, DomainPolicies.Limits limits, Map<String, String> s, long inFlight) {
        long now = System.currentTimeMillis();
        double rate = Math.min(limits.rate(), number(s.get("rate"), limits.rate()));
        String breaker = s.getOrDefault("breaker", "closed");
        long openUntil = (long) number(s.get("open_until"), 0);
        if (breaker.equals("open") && openUntil <= now) {
            breaker = "half-open";
        }
        long floor = (long) number(s.get("floor"), 0);
        long window = now / 60_000L;
        boolean current = (long) number(s.get("w"), -1) == window;
        boolean previous = (long) number(s.get("w"), -1) == window - 1;
        long[] counts = new long[COUNTS.length];
        for (int i = 0; i < COUNTS.length; i++) {
            counts[i] = (current ? (long) number(s.get(COUNTS[i]), 0) + (long) number(s.get("p_" + COUNTS[i]), 0) : 0)
                    + (previous ? (long) number(s.get(COUNTS[i]), 0) : 0);
        }
        double minutes = 1 + (now % 60_000L) / 60_000.0;
        List<DomainPauseView> over = pauses.over(domain);
        long seen = (long) number(s.get("seen"), 0);
        return new DomainView(domain, rate, limits.rate(), limits.maxConcurrency(), (int) inFlight, breaker,
                breaker.equals("open") ? Instant.ofEpochMilli(openUntil) : null,
                floor > now ? Instant.ofEpochMilli(floor) : null,
                new DomainView.Recent(counts[0], counts[1], counts[2], counts[3], counts[4],
                        Math.round(counts[0] / minutes * 10) / 10.0),
                over, policies.find(domain).orElse(null), seen == 0 ? null : Instant.ofEpochMilli(seen));
    }

    private static double number(String value, double otherwise) {
        try {
            return value == null ? otherwise : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

}
