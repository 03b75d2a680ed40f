package dev.gleaner.farm.client.lease;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisLeaseBroker;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import dev.gleaner.testsupport.TestRedis;

/** The lease protocol in the Redis scripts, against a real Redis. Each test uses its own key namespace. */
class RedisLeaseBrokerIT extends LeaseBrokerContract {

    static RedisConnector redis;

    @BeforeAll
    static void connect() {
        redis = new RedisConnector(TestRedis.url());
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @Override
    void freshFarm() {
        FarmKeys keys = new FarmKeys("test-" + UUID.randomUUID());
        broker = new RedisLeaseBroker(redis.reactive(), redis.pubSub(), keys, WAITER_TTL);
        registry = new RedisNodeRegistry(redis.reactive(), keys);
    }

    @Test
    void theScriptsStillRunAfterRedisForgetsThem() {
        redis.reactive().scriptFlush().block();
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        org.assertj.core.api.Assertions.assertThat(broker.acquire("t1", 0, LONG).block())
                .isInstanceOf(LeaseDecision.Granted.class);
    }
}
