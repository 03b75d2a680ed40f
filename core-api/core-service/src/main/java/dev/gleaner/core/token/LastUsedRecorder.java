package dev.gleaner.core.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.gleaner.core.client.token.TokenRecord;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.lifecycle.PeriodicTask;
import dev.gleaner.farm.client.redis.LuaScript;
import dev.gleaner.farm.client.redis.RedisConnector;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * Writes when each token was last used, without a database write per request: the gateways collect
 * the times in one Redis hash (public id → epoch second, at most one write per token every 5 s),
 * and every 10 s one core-api instance takes the whole hash at once and writes it in one statement.
 * A time only moves forward. Failure policy: when the statement fails, the times go back into the
 * hash for the next round; when Redis fails, the round is skipped.
 */
@Component
public class LastUsedRecorder extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);
    static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final LuaScript TAKE = LuaScript.load("/gleaner/tokens/lua/take.lua");

    private final RedisClusterReactiveCommands<String, String> redis;
    private final DatabaseClient db;
    private final String key;

    public LastUsedRecorder(RedisConnector redis, DatabaseClient db, CoreProperties properties) {
        super("last-used", INTERVAL);
        this.redis = redis.reactive();
        this.db = db;
        this.key = TokenRecord.lastUsedKey(properties.redisNamespace());
    }

    @Override
    public Mono<Void> round() {
        return TAKE.runForList(redis, new String[] {key}).collectList().timeout(TIMEOUT)
                .flatMap(flat -> {
                    Map<String, String> used = new LinkedHashMap<>();
                    for (int i = 0; i + 1 < flat.size(); i += 2) {
                        used.put(flat.get(i), flat.get(i + 1));
                    }
                    return used.isEmpty() ? Mono.empty() : write(used)
                            .onErrorResume(e -> {
                                log.warn("last-used times of {} tokens not written, kept for the next round: {}",
                                        used.size(), e.toString());
                                return redis.hset(key, used).timeout(TIMEOUT).then();
                            });
                });
    }

    private Mono<Void> write(Map<String, String> used) {
        List<String> ids = new ArrayList<>();
        List<Long> seconds = new ArrayList<>();
        used.forEach((id, at) -> {
            try {
                seconds.add(Long.parseLong(at));
                ids.add(id);
            } catch (NumberFormatException e) {
                log.debug("ignored a last-used time that is not a number");
            }
        });
        return db.sql("""
                        UPDATE api_tokens k SET last_used_at = greatest(k.last_used_at, to_timestamp(u.at))
                        FROM unnest(:ids::text[], :ats::bigint[]) AS u(public_id, at)
                        WHERE k.public_id = u.public_id""")
                .bind("ids", ids.toArray(String[]::new))
                .bind("ats", seconds.toArray(Long[]::new))
                .fetch().rowsUpdated()
                .timeout(TIMEOUT)
                .then();
    }
}
