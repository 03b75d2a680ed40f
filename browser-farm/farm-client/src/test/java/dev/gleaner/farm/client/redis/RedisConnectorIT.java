package dev.gleaner.farm.client.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.gleaner.devstack.infra.EmbeddedRedisServer;
import dev.gleaner.farm.client.lease.LeaseDecision;
import dev.gleaner.farm.client.node.NodeInfo;

/** A Redis that requires a password: the URL's credentials are used, and without them nothing works. */
class RedisConnectorIT {

    private static final String PASSWORD = "redis-it-password-0123456789";
    private static final EmbeddedRedisServer REDIS = EmbeddedRedisServer.start(0, PASSWORD);

    @AfterAll
    static void stop() {
        REDIS.close();
    }

    @Test
    void credentialsInTheUrlAreUsedForEveryCommand() {
        try (RedisConnector redis = new RedisConnector("redis://:" + PASSWORD + "@127.0.0.1:" + REDIS.port())) {
            FarmKeys keys = new FarmKeys("auth-it");
            new RedisNodeRegistry(redis.reactive(), keys).heartbeat(new NodeInfo("n1", "http://n1", 1), Duration.ofSeconds(10))
                    .block(Duration.ofSeconds(10));
            assertThat(new RedisLeaseBroker(redis.reactive(), keys).acquire("t", 0, Duration.ofSeconds(10))
                    .block(Duration.ofSeconds(10))).isInstanceOf(LeaseDecision.Granted.class);
        }
    }

    @Test
    void withoutThePasswordTheConnectionIsRefused() {
        assertThatThrownBy(() -> new RedisConnector(REDIS.url()).close())
                .hasStackTraceContaining("NOAUTH");
        assertThatThrownBy(() -> new RedisConnector("redis://:wrong-password@127.0.0.1:" + REDIS.port()).close())
                .isInstanceOf(RuntimeException.class);
    }
}
