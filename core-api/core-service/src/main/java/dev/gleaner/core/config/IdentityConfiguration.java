package dev.gleaner.core.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.identity.ReplayGuard;
import dev.gleaner.core.identity.redis.RedisReplayGuard;
import dev.gleaner.farm.client.redis.RedisConnector;

/** Who is calling: the gateway's signed identity and the memory of request ids already used. */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

    @Bean
    IdentitySigner identitySigner(CoreProperties properties) {
        return new IdentitySigner(properties.identitySecret(), properties.identityMaxSkew(), Clock.systemUTC());
    }

    @Bean
    ReplayGuard replayGuard(RedisConnector redis, CoreProperties properties) {
        return new RedisReplayGuard(redis.reactive(), properties.redisNamespace(), properties.identityMaxSkew());
    }
}
