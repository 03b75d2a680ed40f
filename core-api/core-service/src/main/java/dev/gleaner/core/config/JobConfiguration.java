package dev.gleaner.core.config;

import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gleaner.core.job.InstanceId;
import dev.gleaner.core.job.JobQueue;
import dev.gleaner.core.job.redis.JobKeys;
import dev.gleaner.core.job.redis.RedisJobQueue;
import dev.gleaner.farm.client.redis.RedisConnector;

/** The job pipeline's queue (a Redis Stream) and this instance's name on it. */
@Configuration(proxyBeanMethods = false)
public class JobConfiguration {

    @Bean
    JobQueue jobQueue(RedisConnector redis, CoreProperties properties) {
        return new RedisJobQueue(redis.reactive(), redis.dedicated(), new JobKeys(properties.redisNamespace()));
    }

    @Bean
    InstanceId instanceId(JobsProperties properties) {
        return new InstanceId(properties.instanceId().isBlank()
                ? "core-" + UUID.randomUUID().toString().substring(0, 8) : properties.instanceId());
    }
}
