package dev.gleaner.farm.client.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.reactive.RedisPubSubReactiveCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * Owns one Lettuce client and one shared, thread-safe connection, to a single Redis or to a Redis Cluster. Close
 * it on shutdown.
 *
 * <p>The URL names which: {@code redis://[user:password@]host:port} (or {@code rediss://} for TLS) is one Redis;
 * {@code redis-cluster://[user:password@]host1:port1,host2:port2,...} (or {@code rediss-cluster://}) is a cluster,
 * reached through those seed nodes, its topology followed as it changes. Every key Gleaner uses in one script
 * carries one hash tag ({@code gleaner:{jobs}:…}), so each script's keys live in one slot.
 *
 * <p>Failure policy: every command ends within the command timeout, and while the connection is
 * down commands fail at once instead of queueing (Lettuce's default buffers them and waits 60 s).
 * The connection reconnects by itself when Redis returns (attempts at most 2 s apart).
 */
public final class RedisConnector implements AutoCloseable {

    /** How long one command may take unless a caller says otherwise. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);
    /** How often a cluster's topology is read again, besides on MOVED and ASK redirections and reconnects. */
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    private final ClientResources resources;
    private final Backend backend;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterReactiveCommands<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private final List<StatefulConnection<String, String>> dedicated = new CopyOnWriteArrayList<>();

    /** @param redisUrl a Redis URI such as {@code redis://localhost:6379}, or a cluster's {@code redis-cluster://…} */
    public RedisConnector(String redisUrl) {
        this(redisUrl, DEFAULT_COMMAND_TIMEOUT);
    }

    public RedisConnector(String redisUrl, Duration commandTimeout) {
        // reconnect attempts back off to at most 2 s (Lettuce's default is 30 s), so service resumes soon after Redis does
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.backend = RedisUrls.isCluster(redisUrl)
                ? Backend.cluster(resources, RedisUrls.clusterSeeds(redisUrl, commandTimeout), commandTimeout)
                : Backend.single(resources, RedisUrls.single(redisUrl, commandTimeout), commandTimeout);
        this.connection = backend.connect().get();
        this.commands = backend.commands().apply(connection);
    }

    /** Whether this connector reaches a Redis Cluster. */
    public boolean cluster() {
        return backend.client() instanceof RedisClusterClient;
    }

    /** The shared connection's commands: on a cluster, each routed to the node holding its key's slot. */
    public RedisClusterReactiveCommands<String, String> reactive() {
        return commands;
    }

    /** A connection for subscriptions (Redis reserves a connection that subscribes), opened on first use. */
    public synchronized RedisPubSubReactiveCommands<String, String> pubSub() {
        if (pubSub == null) {
            pubSub = backend.pubSub().get();
        }
        return pubSub.reactive();
    }

    /**
     * A connection of its own, for blocking commands (a blocking read on the shared connection would hold up every
     * other command behind it). Closed with the connector.
     */
    public RedisClusterReactiveCommands<String, String> dedicated() {
        StatefulConnection<String, String> own = backend.connect().get();
        dedicated.add(own);
        return backend.commands().apply(own);
    }

    @Override
    public void close() {
        if (pubSub != null) {
            pubSub.close();
        }
        dedicated.forEach(StatefulConnection::close);
        connection.close();
        backend.client().shutdown();
        resources.shutdown();
    }

    private static ClientOptions.Builder options(ClientOptions.Builder builder, Duration commandTimeout) {
        return builder.timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
                .requestQueueSize(10_000);
    }

    /**
     * A single Redis or a cluster: its client, how to open a connection, the commands of a connection, and how to
     * open one for subscriptions.
     */
    private record Backend(AbstractRedisClient client, Supplier<StatefulConnection<String, String>> connect,
            Function<StatefulConnection<String, String>, RedisClusterReactiveCommands<String, String>> commands,
            Supplier<StatefulRedisPubSubConnection<String, String>> pubSub) {

        @SuppressWarnings("unchecked")
        static Backend single(ClientResources resources, RedisURI uri, Duration commandTimeout) {
            RedisClient client = RedisClient.create(resources, uri);
            client.setOptions(options(ClientOptions.builder(), commandTimeout).build());
            return new Backend(client, client::connect,
                    connection -> ((StatefulRedisConnection<String, String>) connection).reactive(), client::connectPubSub);
        }

        @SuppressWarnings("unchecked")
        static Backend cluster(ClientResources resources, List<RedisURI> seeds, Duration commandTimeout) {
            RedisClusterClient client = RedisClusterClient.create(resources, seeds);
            ClusterClientOptions.Builder builder = ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                            .enableAllAdaptiveRefreshTriggers()
                            .build());
            options(builder, commandTimeout);
            client.setOptions(builder.build());
            return new Backend(client, client::connect,
                    connection -> ((StatefulRedisClusterConnection<String, String>) connection).reactive(),
                    client::connectPubSub);
        }
    }
}
