package dev.gleaner.core.policy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.gleaner.core.client.policy.DomainPauseRequest;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.DomainProperties;
import dev.gleaner.core.error.CircuitOpenException;
import dev.gleaner.core.error.DependencyUnavailableException;
import dev.gleaner.core.error.DomainThrottledException;
import dev.gleaner.core.error.GleanerException;
import dev.gleaner.core.error.RenderFailedException;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.client.redis.LuaScript;
import dev.gleaner.farm.client.redis.RedisConnector;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The politeness rate, concurrency cap and circuit breaker of the per-domain policy gate, shared by
 * every core-api instance through Redis (one hash and one sorted set per domain, each changed only
 * by one Lua script, on Redis's clock).
 *
 * <p>{@link #admit} holds a fetch until its domain's token bucket has a token and a fetch in flight
 * less than the cap, within the request's budget: when the wait would pass it, the fetch is refused
 * ({@link DomainThrottledException}, 429); an open breaker refuses at once ({@link CircuitOpenException},
 * 503). {@link #report} tells the gate how the fetch went: a 429 or 503 halves the domain's rate
 * (never below {@link DomainProperties#minRate()}) and holds every fetch back for its Retry-After; a
 * success grows the rate back by {@link DomainProperties#increase()}; a run of failures opens the
 * breaker, which after a while lets one probe through and closes when it succeeds. Blocks and CAPTCHAs
 * count toward an automatic pause of the domain.
 *
 * <p>Failure policy: without Redis the gate cannot tell what the cluster is sending a domain, so it
 * refuses (503, retry shortly) rather than fetch unmetered; a report that cannot be written is dropped
 * (the fetch's permit lapses by itself).
 */
@Component
public class DomainGate {

    private static final Logger log = LoggerFactory.getLogger(DomainGate.class);
    private static final LuaScript ACQUIRE = LuaScript.load("/gleaner/policy/lua/lib.lua", "/gleaner/policy/lua/acquire.lua");
    private static final LuaScript REPORT = LuaScript.load("/gleaner/policy/lua/lib.lua", "/gleaner/policy/lua/report.lua");
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** How long a permit outlives its fetch's budget before the gate counts it as ended. */
    private static final Duration PERMIT_SLACK = Duration.ofSeconds(30);
    private static final String AUTOMATIC = "gleaner:block-detector";

    /** How one admitted fetch went, for the domain's rate and breaker. */
    public enum Kind {
        OK, THROTTLED, FAILURE, BLOCKED, CAPTCHA,
        /** Ended by a failure of our own (the farm, a refused sub-resource): it says nothing about the domain. */
        NEUTRAL;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One fetch the gate admitted; {@code probe} when it is the half-open breaker's probe. */
    public record Permit(String domain, String id, boolean probe) {
    }

    /** How a fetch went, as the gate counts it, and the wait the domain asked for (null: none). */
    public record Outcome(Kind kind, Duration retryAfter) {

        /** How an answer of {@code status} with {@code headers} went, {@code detection} telling block pages. */
        public static Outcome of(int status, Map<String, String> headers, Optional<BlockDetector.Detection> detection) {
            return new Outcome(kindOf(status, detection), DomainGate.retryAfter(headers));
        }
    }

    /**
     * One fetch of {@code url} through the gate: refused at once when the domain is paused, admitted within
     * {@code deadline} ({@link System#nanoTime()}), the pauses looked at again (a fetch may have waited), run, and reported as {@code judge} says it went; a
     * failure counts against the domain when the server timed out or could not be reached, not when it was ours.
     * {@code tenant} null is Gleaner's own fetch (robots.txt, sitemaps): only pauses of every tenant hold it.
     */
    public <T> Mono<T> through(UUID tenant, URI url, long deadline, Mono<T> fetch, Function<T, Outcome> judge) {
        // a paused domain is refused at once, without taking a token; looked at again after a wait
        return pauses.check(tenant, url).then(Mono.defer(() -> admit(url, deadline)))
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(held -> {
                    Permit permit = held.orElse(null);
                    return pauses.check(tenant, url).then(fetch)
                            .flatMap(fetched -> {
                                Outcome outcome = judge.apply(fetched);
                                return report(permit, outcome.kind(), outcome.retryAfter()).thenReturn(fetched);
                            })
                            .onErrorResume(e -> report(permit, failureKind(e), null).then(Mono.error(e)))
                            .doOnCancel(() -> report(permit, Kind.NEUTRAL, null).subscribe());
                });
    }

    /** A fetch that failed: a timeout or an unreachable server counts against the domain; our own failures do not. */
    private static Kind failureKind(Throwable e) {
        return e instanceof RenderFailedException failed
                && (failed.outcome() == RenderOutcome.TIMEOUT || failed.outcome() == RenderOutcome.NAVIGATION_FAILED)
                ? Kind.FAILURE : Kind.NEUTRAL;
    }

    private final RedisClusterReactiveCommands<String, String> redis;
    private final DomainProperties properties;
    private final DomainPolicies policies;
    private final DomainPauses pauses;
    private final MeterRegistry meters;
    private final String namespace;

    public DomainGate(RedisConnector redis, CoreProperties core, DomainProperties properties, DomainPolicies policies,
            DomainPauses pauses, MeterRegistry meters) {
        this.redis = redis.reactive();
        this.namespace = core.redisNamespace();
        this.properties = properties;
        this.policies = policies;
        this.pauses = pauses;
        this.meters = meters;
    }

    /** A domain's state hash and its sorted set of fetches in flight, under one hash tag. */
    static String[] keys(String namespace, String domain) {
        String tag = namespace + ":{domain:" + domain + "}";
        return new String[] {tag + ":gate", tag + ":in-flight"};
    }

    /** The domains admitted a fetch, scored by when (ms). */
    static String seenKey(String namespace) {
        return namespace + ":{domains}:seen";
    }

    private String[] keys(String domain) {
        return keys(namespace, domain);
    }

    /**
     * Admits one fetch of {@code url}, waiting for the domain's rate and concurrency cap until
     * {@code deadline} ({@link System#nanoTime()}), and holds a place among its fetches in flight until
     * {@link #report} (or the budget and a margin have passed).
     */
    public Mono<Permit> admit(URI url, long deadline) {
        Optional<String> domain = DomainKey.ofUrl(url);
        if (domain.isEmpty()) {
            return Mono.empty();
        }
        String id = UUID.randomUUID().toString();
        long holdMs = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L) + PERMIT_SLACK.toMillis();
        return attempt(domain.get(), id, holdMs, deadline);
    }

    private Mono<Permit> attempt(String domain, String id, long holdMs, long deadline) {
        DomainPolicies.Limits limits = policies.limits(domain);
        return ACQUIRE.runForList(redis, keys(domain), Double.toString(limits.rate()), Integer.toString(limits.burst()),
                        Integer.toString(limits.maxConcurrency()), id, Long.toString(holdMs), "0")
                .collectList()
                .timeout(properties.redisTimeout())
                .onErrorMap(e -> !(e instanceof GleanerException), e -> unavailable(e))
                .flatMap(reply -> {
                    int verdict = Integer.parseInt(reply.get(0));
                    long waitMs = Long.parseLong(reply.get(1));
                    if (verdict == 0) {
                        if (reply.size() > 2 && "1".equals(reply.get(2))) {
                            log.info("the breaker of {} is half-open: this fetch is its probe", domain);
                        }
                        return redis.zadd(seenKey(namespace), (double) System.currentTimeMillis(), domain)
                                .timeout(properties.redisTimeout()).onErrorResume(e -> Mono.empty())
                                .thenReturn(new Permit(domain, id, reply.size() > 2 && "1".equals(reply.get(2))));
                    }
                    if (verdict == 3) {
                        count("gleaner.domain.refusals", "reason", "breaker-open");
                        return Mono.error(new CircuitOpenException(domain, Duration.ofMillis(Math.max(1, waitMs))));
                    }
                    String why = verdict == 1 ? "rate" : verdict == 2 ? "concurrency" : "retry-after";
                    long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
                    if (waitMs >= leftMs) {
                        count("gleaner.domain.refusals", "reason", why);
                        return Mono.error(new DomainThrottledException(domain, Duration.ofMillis(waitMs), switch (why) {
                            case "rate" -> "its politeness rate";
                            case "concurrency" -> "its fetches in flight are at the cap";
                            default -> "it asked for a pause with Retry-After";
                        }));
                    }
                    count("gleaner.domain.waits", "reason", why);
                    return Mono.delay(Duration.ofMillis(waitMs)).then(Mono.defer(() -> attempt(domain, id, holdMs, deadline)));
                });
    }

    /**
     * Charges a fetch that already happened — a browser's redirect hop, which Chromium follows by itself — to its
     * domain: one token, into debt if need be (so the fetches after it wait), and how it went. Never fails.
     */
    public Mono<Void> charge(URI url, Outcome outcome) {
        Optional<String> domain = DomainKey.ofUrl(url);
        if (domain.isEmpty()) {
            return Mono.empty();
        }
        DomainPolicies.Limits limits = policies.limits(domain.get());
        Permit permit = new Permit(domain.get(), UUID.randomUUID().toString(), false);
        return ACQUIRE.runForList(redis, keys(domain.get()), Double.toString(limits.rate()),
                        Integer.toString(limits.burst()), Integer.toString(limits.maxConcurrency()), permit.id(), "0", "1")
                .then().timeout(properties.redisTimeout())
                .then(Mono.defer(() -> report(permit, outcome.kind(), outcome.retryAfter())))
                .onErrorResume(e -> {
                    log.warn("a redirect hop to {} was not charged to the gate: {}", domain.get(), e.toString());
                    return Mono.empty();
                });
    }

    /**
     * The browser followed a page's redirects by itself: each hop is charged to its own domain afterwards (pauses
     * held it back before, in the node's egress proxy), the last one with how the page turned out ({@code last}).
     */
    public Mono<Void> chargeRedirects(RenderResult result, Outcome last) {
        List<RenderResult.Hop> hops = result.redirects();
        return Flux.range(0, hops.size()).concatMap(i -> {
            RenderResult.Hop hop = hops.get(i);
            URI url;
            try {
                url = URI.create(hop.url());
            } catch (IllegalArgumentException e) {
                return Mono.empty();
            }
            Outcome outcome = i == hops.size() - 1 ? last : new Outcome(kindOf(hop.status(), Optional.empty()),
                    hop.retryAfter() == null ? null : retryAfter(Map.of("retry-after", hop.retryAfter())));
            return charge(url, outcome);
        }).then();
    }

    static DependencyUnavailableException unavailable(Throwable e) {
        log.warn("the domain gate cannot reach Redis: {}", e.toString());
        return new DependencyUnavailableException("redis",
                "the per-domain policy gate cannot reach Redis right now; retry shortly", Duration.ofSeconds(5));
    }

    /** Tells the gate how an admitted fetch went; never fails (a lost report's permit lapses by itself). */
    public Mono<Void> report(Permit permit, Kind kind, Duration retryAfter) {
        if (permit == null) {
            return Mono.empty();
        }
        count("gleaner.domain.requests", "kind", kind.wire());
        DomainPolicies.Limits limits = policies.limits(permit.domain());
        long retryMs = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis());
        return REPORT.runForList(redis, keys(permit.domain()), permit.id(), kind.wire(), Long.toString(retryMs),
                        Double.toString(limits.rate()), Double.toString(properties.minRate()),
                        Double.toString(properties.increase()), Integer.toString(limits.breakerFailures()),
                        Long.toString(properties.breakerOpen().toMillis()), Integer.toString(limits.blockPauseAfter()),
                        Long.toString(properties.blockWindow().toMillis()))
                .collectList()
                .timeout(properties.redisTimeout())
                .flatMap(reply -> {
                    if ("1".equals(reply.get(1))) {
                        count("gleaner.domain.breaker.opened", "after", kind.wire());
                        log.warn("the circuit breaker of {} opened ({} after a run of failures); a probe in {} ms",
                                permit.domain(), kind.wire(), properties.breakerOpen().toMillis());
                    }
                    if (kind == Kind.THROTTLED) {
                        log.info("{} answered throttled: its rate is now {}/s{}", permit.domain(), reply.get(3),
                                retryMs > 0 ? ", every fetch held back " + retryMs + " ms" : "");
                    }
                    return "1".equals(reply.get(2)) ? pauseForBlocks(permit.domain(), limits) : Mono.<Void>empty();
                })
                .onErrorResume(e -> {
                    log.warn("the domain gate's report on {} was not written: {}", permit.domain(), e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> pauseForBlocks(String domain, DomainPolicies.Limits limits) {
        count("gleaner.domain.auto.pauses", "reason", "blocks");
        Instant until = Instant.now().plus(properties.blockPause());
        String reason = limits.blockPauseAfter() + " block or CAPTCHA pages within "
                + properties.blockWindow().toSeconds() + " s: paused by itself";
        return pauses.pause(new DomainPauseRequest(domain, null, reason, until), AUTOMATIC).then();
    }

    private void count(String name, String tag, String value) {
        Counter.builder(name).tag(tag, value).register(meters).increment();
    }

    /** How a fetch that answered went for its domain: throttled, a block or CAPTCHA page, a server failure, or fine. */
    public static Kind kindOf(int status, Optional<BlockDetector.Detection> detection) {
        if (detection.isPresent()) {
            return detection.get().kind() == BlockDetector.Kind.CAPTCHA ? Kind.CAPTCHA : Kind.BLOCKED;
        }
        if (status == 429 || status == 503) {
            return Kind.THROTTLED;
        }
        return status >= 500 ? Kind.FAILURE : Kind.OK;
    }

    /** A Retry-After header's wait: delay-seconds or an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(Map<String, String> headers) {
        String value = headers == null ? null : headers.get("retry-after");
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            Duration wait = v.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(v))
                    : Duration.between(Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant());
            return wait.isNegative() || wait.isZero() ? null : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
