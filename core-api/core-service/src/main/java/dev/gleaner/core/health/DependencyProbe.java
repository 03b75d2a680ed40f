package dev.gleaner.core.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.gleaner.core.lifecycle.PeriodicTask;
import dev.gleaner.farm.client.redis.RedisConnector;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Whether this instance reaches Redis and PostgreSQL, asked every 15 s (a {@code PING}, a {@code SELECT 1}, each
 * within 2 s), as {@code gleaner_dependency_up{dependency="redis|postgresql"}} (1 or 0): what the "unreachable"
 * alerts watch, beside the health endpoint a probe asks.
 */
@Component
public class DependencyProbe extends PeriodicTask {

    static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final RedisConnector redis;
    private final DatabaseClient db;
    private final AtomicInteger redisUp = new AtomicInteger();
    private final AtomicInteger postgresUp = new AtomicInteger();

    public DependencyProbe(RedisConnector redis, DatabaseClient db, MeterRegistry meters) {
        super("dependency-probe", INTERVAL);
        this.redis = redis;
        this.db = db;
        Gauge.builder("gleaner.dependency.up", redisUp, AtomicInteger::get).tag("dependency", "redis")
                .description("1 when this instance reached the dependency at its last probe, else 0").register(meters);
        Gauge.builder("gleaner.dependency.up", postgresUp, AtomicInteger::get).tag("dependency", "postgresql")
                .description("1 when this instance reached the dependency at its last probe, else 0").register(meters);
    }

    @Override
    public Mono<Void> round() {
        Mono<Boolean> pong = Mono.defer(() -> redis.reactive().ping()).map("PONG"::equals);
        Mono<Boolean> selected = Mono.defer(() -> db.sql("SELECT 1 AS one").map(row -> row.get("one", Integer.class))
                .one()).map(one -> one == 1);
        return Mono.when(probe(pong, redisUp), probe(selected, postgresUp));
    }

    private static Mono<Void> probe(Mono<Boolean> asked, AtomicInteger up) {
        return asked.timeout(TIMEOUT).defaultIfEmpty(false).onErrorReturn(false)
                .doOnNext(ok -> up.set(ok ? 1 : 0)).then();
    }
}
