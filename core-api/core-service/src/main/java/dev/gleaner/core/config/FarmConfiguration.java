package dev.gleaner.core.config;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.client.node.NodeStatusBoard;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisLeaseBroker;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import dev.gleaner.farm.client.redis.RedisNodeStatusBoard;
import dev.gleaner.farm.client.render.FarmClient;

/** core-api's side of the farm: the coordination Redis, the lease broker, the node client, the target guard. */
@Configuration(proxyBeanMethods = false)
public class FarmConfiguration {

    @Bean(destroyMethod = "close")
    RedisConnector coordinationRedis(CoreProperties properties) {
        return new RedisConnector(properties.redisUrl());
    }

    @Bean
    LeaseBroker leaseBroker(RedisConnector redis, CoreProperties properties) {
        return new RedisLeaseBroker(redis.reactive(), redis.pubSub(), new FarmKeys(properties.redisNamespace()));
    }

    /** The farm's nodes as they registered (for the console: slots and load). */
    @Bean
    NodeRegistry farmNodes(RedisConnector redis, CoreProperties properties) {
        return new RedisNodeRegistry(redis.reactive(), new FarmKeys(properties.redisNamespace()));
    }

    /** What the farm's nodes report of themselves (for the console). */
    @Bean
    NodeStatusBoard farmNodeStatuses(RedisConnector redis, CoreProperties properties) {
        return new RedisNodeStatusBoard(redis.reactive(), new FarmKeys(properties.redisNamespace()));
    }

    @Bean
    FarmClient farmClient(WebClient.Builder builder) {
        return new FarmClient(builder, Duration.ofSeconds(5));
    }

    @Bean
    TargetGuard targetGuard(CoreProperties properties) {
        return TargetGuard.configured(properties.allowedTargets());
    }
}
