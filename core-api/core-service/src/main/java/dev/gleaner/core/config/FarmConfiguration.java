package dev.gleaner.core.config;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.identity.ReplayGuard;
import dev.gleaner.core.identity.redis.RedisReplayGuard;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisLeaseBroker;
import dev.gleaner.farm.client.render.FarmClient;

/** core-api's coordination: the lease broker in Redis, the node client, the target guard, signed identity. */
@Configuration(proxyBeanMethods = false)
public class FarmConfiguration {

    @Bean(destroyMethod = "close")
    RedisConnector coordinationRedis(CoreProperties properties) {
        return new RedisConnector(properties.redisUrl());
    }

    @Bean
    LeaseBroker leaseBroker(RedisConnector redis, CoreProperties properties) {
        return new RedisLeaseBroker(redis.reactive(), new FarmKeys(properties.redisNamespace()));
    }

    @Bean
    FarmClient farmClient(WebClient.Builder builder) {
        return new FarmClient(builder, Duration.ofSeconds(5));
    }

    @Bean
    TargetGuard targetGuard(CoreProperties properties) {
        return TargetGuard.configured(properties.allowedTargets());
    }

    @Bean
    IdentitySigner identitySigner(CoreProperties properties) {
        return new IdentitySigner(properties.identitySecret(), properties.identityMaxSkew(), Clock.systemUTC());
    }

    @Bean
    ReplayGuard replayGuard(RedisConnector redis, CoreProperties properties) {
        return new RedisReplayGuard(redis.reactive(), properties.redisNamespace(), properties.identityMaxSkew());
    }
}
