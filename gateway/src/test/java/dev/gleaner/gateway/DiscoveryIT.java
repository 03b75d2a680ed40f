package dev.gleaner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.gleaner.devstack.infra.EmbeddedRedisServer;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;

/**
 * The gateway balances over the core-api instances registered in Redis as well as the configured
 * one: an instance that registers gets traffic without a gateway restart; when the configured one
 * stops, GET requests go on to the other with no client error; one that deregisters gets none.
 */
class DiscoveryIT {

    private static final String SECRET = "discovery-it-identity-secret-0123";
    private static final String NAMESPACE = "discovery-it";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final StubCoreApi CONFIGURED = new StubCoreApi();
    private static final StubCoreApi REGISTERED = new StubCoreApi();
    private static final int REDIS_PORT = Ports.free();
    private static final EmbeddedRedisServer REDIS = EmbeddedRedisServer.start(REDIS_PORT);
    private static RedisConnector redis;
    private static ConfigurableApplicationContext gateway;
    private static String url;

    @BeforeAll
    static void start() {
        redis = new RedisConnector("redis://127.0.0.1:" + REDIS_PORT);
        gateway = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--server.port=0",
                "--gleaner.gateway.core-api-urls=http://127.0.0.1:" + CONFIGURED.port(),
                "--gleaner.gateway.identity-secret=" + SECRET,
                "--gleaner.gateway.redis-url=redis://127.0.0.1:" + REDIS_PORT,
                "--gleaner.gateway.redis-namespace=" + NAMESPACE,
                "--spring.cloud.loadbalancer.health-check.interval=1s");
        url = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        redis.close();
        REDIS.close();
        CONFIGURED.close();
        REGISTERED.close();
    }

    private static int get() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/jobs")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + StubCoreApi.VALID_TOKEN).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void instancesComeAndGoThroughTheRegistryWithoutAGatewayRestart() {
        RedisNodeRegistry registry = new RedisNodeRegistry(redis.reactive(),
                FarmKeys.instancesOf(NAMESPACE, "core-api"));
        await("the configured instance serves").atMost(Duration.ofSeconds(60)).until(() -> get() == 200);
        assertThat(REGISTERED.forwarded).isEmpty();

        registry.heartbeat(new NodeInfo("registered", "http://127.0.0.1:" + REGISTERED.port(), 1), Duration.ofSeconds(120))
                .block(Duration.ofSeconds(5));
        await("the registered instance gets traffic").atMost(Duration.ofSeconds(60)).until(() -> {
            get();
            return !REGISTERED.forwarded.isEmpty();
        });

        CONFIGURED.close();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(get());
        }
        assertThat(statuses).as("GETs while one instance is gone").containsOnly(200);

        registry.deregister("registered").block(Duration.ofSeconds(5));
        await("a deregistered instance leaves rotation").atMost(Duration.ofSeconds(60))
                .until(() -> get() == 503);
    }
}
