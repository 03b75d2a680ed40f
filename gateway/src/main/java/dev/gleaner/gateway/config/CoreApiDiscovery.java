package dev.gleaner.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The core-api instances to balance over: those registered in Redis (each core-api that serves the
 * API heartbeats into {@code <namespace>:{core-api}:nodes}), read every second, together with the
 * configured {@code GLEANER_CORE_API_URLS}. An instance that registers receives traffic once it
 * passes the health check, one that deregisters or whose registration lapses leaves, with no
 * gateway restart. With Redis unreachable the configured instances (and the last discovered ones'
 * health checks) carry on; Redis is connected to lazily, so the gateway starts without it.
 */
public final class CoreApiDiscovery {

    private static final Logger log = LoggerFactory.getLogger(CoreApiDiscovery.class);
    static final String SERVICE = "core-api";
    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private final GatewayProperties properties;
    private final AtomicInteger discovered = new AtomicInteger();
    private final GatewayRedis redis;
    private volatile RedisNodeRegistry registry;
    private volatile List<String> lastLive = List.of();

    public CoreApiDiscovery(GatewayProperties properties, GatewayRedis redis, MeterRegistry meters) {
        this.properties = properties;
        this.redis = redis;
        Gauge.builder("gleaner.gateway.discovered.instances", discovered, AtomicInteger::get)
                .description("core-api instances registered in Redis that the gateway balances over").register(meters);
    }

    /** The instances now and whenever they change. */
    public Flux<List<ServiceInstance>> instances() {
        return Flux.interval(Duration.ZERO, REFRESH)
                .onBackpressureDrop()
                .concatMap(tick -> live(), 1)
                .map(this::withConfigured)
                .distinctUntilChanged()
                .map(urls -> urls.stream().map(CoreApiDiscovery::instance).toList());
    }

    private Mono<List<String>> live() {
        return registry()
                .flatMap(r -> r.liveNodes().map(NodeInfo::url).collectList().timeout(READ_TIMEOUT))
                .doOnNext(urls -> {
                    discovered.set(urls.size());
                    lastLive = urls;
                })
                // Redis unreachable: keep what was last seen; health checks take out what died meanwhile
                .onErrorResume(e -> Mono.just(lastLive))
                .defaultIfEmpty(lastLive);
    }

    private Mono<RedisNodeRegistry> registry() {
        RedisNodeRegistry ready = registry;
        if (ready != null) {
            return Mono.just(ready);
        }
        return redis.commands().map(commands -> {
            synchronized (this) {
                if (registry == null) {
                    registry = new RedisNodeRegistry(commands, FarmKeys.instancesOf(properties.redisNamespace(), SERVICE));
                    log.info("discovering core-api instances in Redis");
                }
                return registry;
            }
        }).onErrorResume(e -> Mono.empty());
    }

    private List<String> withConfigured(List<String> live) {
        Set<String> urls = new LinkedHashSet<>();
        properties.coreApiUrls().forEach(uri -> urls.add(uri.toString()));
        urls.addAll(live);
        return new ArrayList<>(urls);
    }

    private static ServiceInstance instance(String url) {
        URI uri = URI.create(url);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new DefaultServiceInstance(SERVICE + "-" + uri.getHost() + ":" + port, SERVICE, uri.getHost(), port,
                "https".equals(uri.getScheme()));
    }
}
