package dev.gleaner.farm.client.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;

/**
 * Owns one Lettuce client and one shared, thread-safe connection. Close it on shutdown.
 */
public final class RedisConnector implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    /** @param redisUrl a Redis URI such as {@code redis://localhost:6379} */
    public RedisConnector(String redisUrl) {
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
    }

    public RedisReactiveCommands<String, String> reactive() {
        return connection.reactive();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
