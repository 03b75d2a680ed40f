package dev.gleaner.core.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.DiscoveryProperties;
import dev.gleaner.core.config.JobsProperties;
import dev.gleaner.core.job.InstanceId;
import dev.gleaner.core.lifecycle.PeriodicTask;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import reactor.core.publisher.Mono;

/**
 * Registers this instance, when it serves the API (and {@code GLEANER_CORE_REGISTER} is not false), in Redis for the gateways to balance over
 * ({@code <namespace>:{core-api}:nodes}, the farm's registry layout), renews the registration every
 * interval and removes it on shutdown. While Redis is down the rounds fail and are logged; the
 * registration lapses, and the gateways keep their configured instances.
 */
@Component
public class CoreRegistration extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(CoreRegistration.class);
    public static final String SERVICE = "core-api";

    private final NodeRegistry registry;
    private final Environment environment;
    private final DiscoveryProperties properties;
    private final boolean servesApi;
    private final String instance;
    private volatile String registered;

    public CoreRegistration(RedisConnector redis, CoreProperties core, DiscoveryProperties properties,
            JobsProperties jobs, InstanceId instance, Environment environment) {
        super("core-api registration", properties.heartbeatInterval());
        this.registry = new RedisNodeRegistry(redis.reactive(), FarmKeys.instancesOf(core.redisNamespace(), SERVICE));
        this.environment = environment;
        this.properties = properties;
        this.servesApi = jobs.api() && properties.register();
        this.instance = instance.value();
    }

    @Override
    public Mono<Void> round() {
        if (!servesApi) {
            return Mono.empty();
        }
        String url = advertisedUrl();
        if (url == null) {
            return Mono.empty(); // the web server has no port yet
        }
        return registry.heartbeat(new NodeInfo(instance, url, 1), properties.heartbeatTtl())
                .doOnSuccess(done -> {
                    if (registered == null) {
                        log.info("registered for the gateways as {} at {}", instance, url);
                    }
                    registered = url;
                });
    }

    private String advertisedUrl() {
        if (!properties.advertisedUrl().isBlank()) {
            return properties.advertisedUrl().strip();
        }
        String port = environment.getProperty("local.server.port");
        if (port == null) {
            return null;
        }
        try {
            return "http://" + InetAddress.getLocalHost().getHostName() + ":" + port;
        } catch (UnknownHostException e) {
            return "http://localhost:" + port;
        }
    }

    @Override
    public void stop() {
        super.stop();
        if (registered != null) {
            registry.deregister(instance).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(2));
            registered = null;
        }
    }
}
