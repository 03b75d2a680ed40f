package dev.gleaner.farm.client.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.reactive.RedisPubSubReactiveCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * Owns one Lettuce client and one shared, thread-safe connection. Close it on shutdown.
 *
 * <p>Failure policy: every command ends within the command timeout, and while the connection is
 * down commands fail at once instead of queueing (Lettuce's default buffers them and waits 60 s).
 * The connection reconnects by itself when Redis returns (attempts at most 2 s apart). Credentials go in the URL
 * ({@code redis://:password@host:6379} or {@code redis://user:password@host:6379}).
 */
public final class RedisConnector implements AutoCloseable {

    /** How long one command may take unless a caller says otherwise. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private final List<StatefulRedisConnection<String, String>> dedicated = new CopyOnWriteArrayList<>();

    /** @param redisUrl a Redis URI such as {@code redis://localhost:6379} */
    public RedisConnector(String redisUrl) {
        this(redisUrl, DEFAULT_COMMAND_TIMEOUT);
    }

    public RedisConnector(String redisUrl, Duration commandTimeout) {
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(commandTimeout);
        // reconnect attempts back off to at most 2 s (Lettuce's default is 30 s), so service resumes soon after Redis does
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                .requestQueueSize(10_000)
                .build());
        this.connection = client.connect();
    }

    public RedisReactiveCommands<String, String> reactive() {
        return connection.reactive();
    }

    /** A connection for subscriptions (Redis reserves a connection that subscribes), opened on first use. */
    public synchronized RedisPubSubReactiveCommands<String, String> pubSub() {
        if (pubSub == null) {
            pubSub = client.connectPubSub();
        }
        return pubSub.reactive();
    }

    /**
     * A connection of its own, for blocking commands (a blocking read on the shared connection would hold up every
     * other command behind it). Closed with the connector.
     */
    public RedisReactiveCommands<String, String> dedicated() {
        StatefulRedisConnection<String, String> own = client.connect();
        dedicated.add(own);
        return own.reactive();
    }

    @Override
    public void close() {
        if (pubSub != null) {
            pubSub.close();
        }
        dedicated.forEach(StatefulRedisConnection::close);
        connection.close();
        client.shutdown();
        resources.shutdown();
    }
}
