package dev.gleaner.farm.node.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.client.node.NodeStatusBoard;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisLeaseBroker;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import dev.gleaner.farm.client.redis.RedisNodeStatusBoard;

/** Wires the node to Redis and to its own identity. */
@Configuration(proxyBeanMethods = false)
public class FarmNodeConfiguration {

    @Bean(destroyMethod = "close")
    RedisConnector farmRedis(FarmNodeProperties properties) {
        return new RedisConnector(properties.redisUrl());
    }

    @Bean
    FarmKeys farmKeys(FarmNodeProperties properties) {
        return new FarmKeys(properties.redisNamespace());
    }

    @Bean
    LeaseBroker leaseBroker(RedisConnector redis, FarmKeys keys) {
        return new RedisLeaseBroker(redis.reactive(), keys);
    }

    @Bean
    NodeStatusBoard nodeStatusBoard(RedisConnector redis, FarmKeys keys) {
        return new RedisNodeStatusBoard(redis.reactive(), keys);
    }

    @Bean
    NodeRegistry nodeRegistry(RedisConnector redis, FarmKeys keys) {
        return new RedisNodeRegistry(redis.reactive(), keys);
    }

    @Bean
    NodeInfo self(FarmNodeProperties properties, @Value("${server.port}") int port)
            throws UnknownHostException {
        String url = properties.advertisedUrl() == null || properties.advertisedUrl().isBlank()
                ? "http://" + InetAddress.getLocalHost().getHostName() + ":" + port
                : properties.advertisedUrl();
        String id = properties.nodeId() == null || properties.nodeId().isBlank()
                ? "node-" + UUID.randomUUID().toString().substring(0, 8)
                : properties.nodeId();
        return new NodeInfo(id, url, properties.effectiveCapacity());
    }

    @Bean
    TargetGuard targetGuard(FarmNodeProperties properties) {
        return TargetGuard.configured(properties.allowedTargets());
    }
}
