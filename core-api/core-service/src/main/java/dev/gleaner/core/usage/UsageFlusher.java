package dev.gleaner.core.usage;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.gleaner.core.lifecycle.PeriodicTask;
import dev.gleaner.farm.client.redis.RedisConnector;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes the usage counts Redis holds to PostgreSQL every few seconds: takes the months changed since the
 * last round out of the dirty set and writes their counts in one statement, each only ever growing. Any
 * instance may do it; two doing it at once write the same counts. Failure policy: when the statement
 * fails, the months go back into the dirty set for the next round.
 */
@Component
public class UsageFlusher extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(UsageFlusher.class);
    static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int BATCH = 500;

    private final RedisClusterReactiveCommands<String, String> redis;
    private final DatabaseClient db;
    private final UsageMeter meter;

    public UsageFlusher(RedisConnector redis, DatabaseClient db, UsageMeter meter) {
        super("usage-flush", INTERVAL);
        this.redis = redis.reactive();
        this.db = db;
        this.meter = meter;
    }

    private record Row(String member, UUID tenant, String period, long requests, long pages, long browserMs,
            long llmIn, long llmOut) {
    }

    @Override
    public Mono<Void> round() {
        return redis.spop(meter.dirtyKey(), BATCH).collectList().timeout(TIMEOUT)
                .flatMap(members -> members.isEmpty() ? Mono.empty() : Flux.fromIterable(members)
                        .concatMap(this::row)
                        .collectList()
                        .flatMap(rows -> write(rows).onErrorResume(e -> {
                            log.warn("usage of {} tenant-months not written, kept for the next round: {}", rows.size(),
                                    e.toString());
                            return redis.sadd(meter.dirtyKey(), members.toArray(String[]::new)).timeout(TIMEOUT).then();
                        })))
                .onErrorResume(e -> {
                    log.warn("usage not flushed this round: {}", e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Row> row(String member) {
        int colon = member.indexOf(':');
        YearMonth period;
        UUID tenant;
        try {
            period = YearMonth.parse(member.substring(0, colon));
            tenant = UUID.fromString(member.substring(colon + 1));
        } catch (RuntimeException e) {
            log.debug("ignored a usage member that is not period:tenant");
            return Mono.empty();
        }
        return redis.hmget(meter.key(period, tenant), "requests", "pages", "browser_ms", "llm_in", "llm_out")
                .collectList().timeout(TIMEOUT)
                .filter(values -> values.stream().anyMatch(KeyValue::hasValue))
                .map(values -> new Row(member, tenant, period.toString(), number(values.get(0)), number(values.get(1)),
                        number(values.get(2)), number(values.get(3)), number(values.get(4))));
    }

    private Mono<Void> write(List<Row> rows) {
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        List<String> tenants = new ArrayList<>();
        List<String> periods = new ArrayList<>();
        List<Long> requests = new ArrayList<>();
        List<Long> pages = new ArrayList<>();
        List<Long> browser = new ArrayList<>();
        List<Long> llmIn = new ArrayList<>();
        List<Long> llmOut = new ArrayList<>();
        rows.forEach(r -> {
            llmIn.add(r.llmIn());
            llmOut.add(r.llmOut());
            tenants.add(r.tenant().toString());
            periods.add(r.period());
            requests.add(r.requests());
            pages.add(r.pages());
            browser.add(r.browserMs());
        });
        return db.sql("""
                        INSERT INTO usage (tenant_id, period, requests, pages, browser_ms, llm_input_tokens,
                                           llm_output_tokens)
                        SELECT u.tenant::uuid, u.period, u.requests, u.pages, u.browser_ms, u.llm_in, u.llm_out
                        FROM unnest(:tenants::text[], :periods::text[], :requests::bigint[], :pages::bigint[],
                                    :browser::bigint[], :llmIn::bigint[], :llmOut::bigint[])
                             AS u(tenant, period, requests, pages, browser_ms, llm_in, llm_out)
                        JOIN tenants t ON t.id = u.tenant::uuid
                        ON CONFLICT (tenant_id, period) DO UPDATE SET
                            requests = greatest(usage.requests, excluded.requests),
                            pages = greatest(usage.pages, excluded.pages),
                            browser_ms = greatest(usage.browser_ms, excluded.browser_ms),
                            llm_input_tokens = greatest(usage.llm_input_tokens, excluded.llm_input_tokens),
                            llm_output_tokens = greatest(usage.llm_output_tokens, excluded.llm_output_tokens),
                            updated_at = now()""")
                .bind("tenants", tenants.toArray(String[]::new))
                .bind("periods", periods.toArray(String[]::new))
                .bind("requests", requests.toArray(Long[]::new))
                .bind("pages", pages.toArray(Long[]::new))
                .bind("browser", browser.toArray(Long[]::new))
                .bind("llmIn", llmIn.toArray(Long[]::new))
                .bind("llmOut", llmOut.toArray(Long[]::new))
                .then().timeout(TIMEOUT);
    }

    private static long number(KeyValue<String, String> value) {
        try {
            return value.hasValue() ? Long.parseLong(value.getValue()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
