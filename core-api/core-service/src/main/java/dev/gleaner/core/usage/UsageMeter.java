package dev.gleaner.core.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import dev.gleaner.core.client.plan.PlanAllowances;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.error.QuotaExceededException;
import dev.gleaner.farm.client.redis.LuaScript;
import dev.gleaner.farm.client.redis.RedisConnector;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Counts what each tenant uses per calendar month (UTC) — requests admitted, pages fetched, browser
 * milliseconds, a language model's tokens in and out — in one Redis hash per tenant and month, changed only by Lua scripts (so an admission
 * checks and counts at once, on every instance alike), and written to PostgreSQL every few seconds by
 * {@link UsageFlusher}. A month's hash that Redis does not hold (lost, or not yet made) is filled from
 * PostgreSQL first, so a restart of anything loses at most the last few seconds of counts.
 *
 * <p>Failure policy: when Redis or PostgreSQL cannot be asked, requests are admitted unmetered (counted in
 * {@code gleaner_usage_unmetered_total} and logged): a quota is a monthly business limit, and refusing
 * every tenant during an outage would be worse than letting a few requests past it.
 */
@Service
public class UsageMeter {

    private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);
    private static final LuaScript ADMIT = LuaScript.load("/gleaner/usage/lua/admit.lua");
    private static final LuaScript ADD = LuaScript.load("/gleaner/usage/lua/add.lua");
    private static final LuaScript INIT = LuaScript.load("/gleaner/usage/lua/init.lua");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** A month's hash outlives the month by long enough to be flushed. */
    private static final Duration KEPT = Duration.ofDays(40);

    /** A tenant's counts for one month. */
    public record Used(long requests, long pages, long browserMs, long llmInputTokens, long llmOutputTokens) {

        static final Used NONE = new Used(0, 0, 0, 0, 0);

        public long browserSeconds() {
            return browserMs / 1000;
        }

        /** A language model's tokens, in and out: what its allowance counts. */
        public long llmTokens() {
            return llmInputTokens + llmOutputTokens;
        }
    }

    private final RedisClusterReactiveCommands<String, String> redis;
    private final DatabaseClient db;
    private final MeterRegistry meters;
    private final String namespace;

    public UsageMeter(RedisConnector redis, DatabaseClient db, MeterRegistry meters, CoreProperties core) {
        this.redis = redis.reactive();
        this.db = db;
        this.meters = meters;
        this.namespace = core.redisNamespace();
    }

    /** The month now, UTC. */
    public static YearMonth period() {
        return YearMonth.now(ZoneOffset.UTC);
    }

    public static Instant end(YearMonth period) {
        return period.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    String key(YearMonth period, UUID tenant) {
        return namespace + ":{usage}:" + period + ":" + tenant;
    }

    String dirtyKey() {
        return namespace + ":{usage}:dirty";
    }

    static String member(YearMonth period, UUID tenant) {
        return period + ":" + tenant;
    }

    /**
     * Admits {@code requests} requests of the tenant against its allowances and counts them; fails with
     * {@link QuotaExceededException} when they would pass its requests allowance, or its pages (or, for a request
     * that needs the browser, its browser seconds; for one that asks a language model, its tokens) are used up.
     */
    public Mono<Void> admit(UUID tenant, PlanAllowances allowances, int requests, boolean browser, boolean llm) {
        YearMonth period = period();
        String[] keys = {key(period, tenant), dirtyKey()};
        String[] args = {member(period, tenant), Integer.toString(requests), limit(allowances.requestsPerMonth(), 1),
                limit(allowances.pagesPerMonth(), 1), limit(allowances.browserSecondsPerMonth(), 1000),
                browser ? "1" : "0", Long.toString(KEPT.toMillis()), limit(allowances.llmTokensPerMonth(), 1),
                llm ? "1" : "0"};
        Mono<List<String>> admit = Mono.defer(() -> ADMIT.runForList(redis, keys, args).collectList().timeout(TIMEOUT));
        return admit.flatMap(reply -> reply.getFirst().equals("init") ? init(period, tenant).then(admit) : Mono.just(reply))
                .flatMap(reply -> switch (reply.getFirst()) {
                    case "ok" -> {
                        count("requests", requests);
                        yield Mono.<Void>empty();
                    }
                    case "init" -> Mono.<Void>empty(); // filled and gone again at once: let it pass
                    default -> {
                        String allowance = reply.getFirst();
                        long used = Long.parseLong(reply.get(1));
                        Counter.builder("gleaner.usage.refusals").tag("allowance", allowance)
                                .description("Requests refused for a used-up monthly allowance").register(meters)
                                .increment();
                        yield Mono.error(switch (allowance) {
                            case "requests" -> new QuotaExceededException(allowance, allowances.requestsPerMonth(), used,
                                    end(period));
                            case "pages" -> new QuotaExceededException(allowance, allowances.pagesPerMonth(), used,
                                    end(period));
                            case "llmTokens" -> new QuotaExceededException(allowance, allowances.llmTokensPerMonth(),
                                    used, end(period));
                            default -> new QuotaExceededException(allowance, allowances.browserSecondsPerMonth(),
                                    used / 1000, end(period));
                        });
                    }
                })
                .onErrorResume(e -> !(e instanceof QuotaExceededException), e -> unmetered("admission", tenant, e));
    }

    /** Counts a page fetched for the tenant. */
    public Mono<Void> page(UUID tenant) {
        return add(tenant, "pages", 1);
    }

    /** Counts a language model's tokens used for the tenant. */
    public Mono<Void> llmTokens(UUID tenant, long input, long output) {
        return (input <= 0 ? Mono.<Void>empty() : add(tenant, "llm_in", input))
                .then(output <= 0 ? Mono.empty() : add(tenant, "llm_out", output));
    }

    /** Counts browser time used for the tenant. */
    public Mono<Void> browser(UUID tenant, long ms) {
        return ms <= 0 ? Mono.empty() : add(tenant, "browser_ms", ms);
    }

    private Mono<Void> add(UUID tenant, String field, long amount) {
        YearMonth period = period();
        String[] keys = {key(period, tenant), dirtyKey()};
        Mono<String> add = Mono.defer(() -> ADD.<String>run(redis, io.lettuce.core.ScriptOutputType.STATUS, keys,
                member(period, tenant), field, Long.toString(amount), Long.toString(KEPT.toMillis())).next()
                .timeout(TIMEOUT));
        return add.flatMap(reply -> reply.equals("init") ? init(period, tenant).then(add) : Mono.just(reply))
                .doOnNext(reply -> count(field, amount))
                .then()
                .onErrorResume(e -> unmetered(field, tenant, e));
    }

    /** What the tenant used this month (from Redis, filled from PostgreSQL when it holds nothing yet). */
    public Mono<Used> used(UUID tenant) {
        YearMonth period = period();
        String key = key(period, tenant);
        Mono<Used> read = Mono.defer(() -> redis.hmget(key, "requests", "pages", "browser_ms", "llm_in", "llm_out")
                .collectList()
                .timeout(TIMEOUT)
                .filter(values -> values.stream().anyMatch(kv -> kv.hasValue()))
                .map(values -> new Used(number(values.get(0).getValueOrElse("0")),
                        number(values.get(1).getValueOrElse("0")), number(values.get(2).getValueOrElse("0")),
                        number(values.get(3).getValueOrElse("0")), number(values.get(4).getValueOrElse("0")))));
        return read.switchIfEmpty(Mono.defer(() -> init(period, tenant).then(read)))
                .onErrorResume(e -> {
                    log.warn("usage of tenant {} read from PostgreSQL only: Redis did not answer ({})", tenant, e.toString());
                    return stored(period, tenant);
                })
                .defaultIfEmpty(Used.NONE);
    }

    private Mono<Void> init(YearMonth period, UUID tenant) {
        return stored(period, tenant).defaultIfEmpty(Used.NONE)
                .flatMap(used -> INIT.run(redis, io.lettuce.core.ScriptOutputType.STATUS,
                                new String[] {key(period, tenant)}, Long.toString(used.requests()),
                                Long.toString(used.pages()), Long.toString(used.browserMs()), Long.toString(KEPT.toMillis()),
                                Long.toString(used.llmInputTokens()), Long.toString(used.llmOutputTokens()))
                        .then().timeout(TIMEOUT));
    }

    private Mono<Used> stored(YearMonth period, UUID tenant) {
        return db.sql("SELECT requests, pages, browser_ms, llm_input_tokens, llm_output_tokens FROM usage"
                        + " WHERE tenant_id = :t AND period = :p")
                .bind("t", tenant).bind("p", period.toString())
                .map(row -> new Used(row.get("requests", Long.class), row.get("pages", Long.class),
                        row.get("browser_ms", Long.class), row.get("llm_input_tokens", Long.class),
                        row.get("llm_output_tokens", Long.class)))
                .one();
    }

    private Mono<Void> unmetered(String what, UUID tenant, Throwable e) {
        Counter.builder("gleaner.usage.unmetered").tag("what", what)
                .description("Usage let through or not counted because Redis or PostgreSQL did not answer")
                .register(meters).increment();
        log.warn("usage of tenant {} not metered ({}): {}", tenant, what, e.toString());
        return Mono.empty();
    }

    private void count(String what, long amount) {
        Counter.builder("gleaner.usage.metered").tag("what", what).description("Usage counted, all tenants")
                .register(meters).increment(amount);
    }

    /** An allowance in the unit Redis counts it in, {@code -1} for unlimited. */
    private static String limit(Long allowance, long unit) {
        return allowance == null ? "-1" : Long.toString(allowance * unit);
    }

    private static long number(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
