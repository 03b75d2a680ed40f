package dev.gleaner.farm.node.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;

import dev.gleaner.devstack.infra.EmbeddedRedisServer;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.node.NodeStatus;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;
import dev.gleaner.farm.client.redis.RedisNodeStatusBoard;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.node.config.FarmNodeProperties;
import dev.gleaner.farm.node.pool.BrowserPool;
import reactor.core.publisher.Mono;

/**
 * The heartbeat against a real Redis of its own, stopped and started again inside the test: the node
 * leaves the registry and reports DOWN while Redis is away, however long, and is back within seconds
 * of Redis returning, with the capacity its browsers really have.
 */
class NodeHeartbeatIT {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration TTL = Duration.ofSeconds(1);

    private final int port = Ports.free();
    private EmbeddedRedisServer redis = EmbeddedRedisServer.start(port);
    private final RedisConnector connector = new RedisConnector(redis.url(), Duration.ofMillis(500));
    private final RedisNodeRegistry registry = new RedisNodeRegistry(connector.reactive(), new FarmKeys("heartbeat-it"));
    private final RedisNodeStatusBoard board = new RedisNodeStatusBoard(connector.reactive(), new FarmKeys("heartbeat-it"));
    private final UsablePool pool = new UsablePool();
    private final NodeHeartbeat heartbeat = new NodeHeartbeat(registry, board, new NodeInfo("hb-node", "http://hb:1", 4),
            pool,
            new FarmNodeProperties("hb-node", null, 4, 1000, DataSize.ofGigabytes(1), Duration.ofSeconds(5),
                    "/usr/lib/chromium/chromium-headless-shell", List.of(), INTERVAL, TTL,
                    Duration.ofSeconds(2), "", redis.url(), "heartbeat-it", 0, "0.0.0.0", ""));

    @AfterEach
    void stop() {
        heartbeat.stop();
        connector.close();
        redis.close();
    }

    @Test
    void anOutageLongerThanAnyBufferEndsWithTheNodeRegisteredAgainWithItsUsableCapacity() {
        pool.usable = 3;
        heartbeat.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> registered().contains(new NodeInfo("hb-node", "http://hb:1", 3)));
        assertThat(heartbeat.health().getStatus()).isEqualTo(Status.UP);

        redis.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> heartbeat.health().getStatus().equals(Status.DOWN));
        // 60 ticks and more without an answer: the old heartbeat's buffer (32) overflowed and it never beat again
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(30))
                .until(() -> heartbeat.health().getStatus().equals(Status.DOWN));

        pool.usable = 2;
        redis = EmbeddedRedisServer.start(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> registered().contains(new NodeInfo("hb-node", "http://hb:1", 2)));
        await().atMost(Duration.ofSeconds(5)).until(() -> heartbeat.health().getStatus().equals(Status.UP));
    }

    @Test
    void aNodeWithNoWorkingBrowserOffersNoCapacity() {
        pool.usable = 0;
        heartbeat.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> registered().contains(new NodeInfo("hb-node", "http://hb:1", 0)));
    }

    @Test
    void eachHeartbeatPostsTheNodesStatusWithItsRendersInFlightAndWhetherItIsDrained() {
        pool.usable = 3;
        heartbeat.start();
        NodeStatus first = await().atMost(Duration.ofSeconds(20)).until(() -> board.status("hb-node").block(),
                status -> status != null);
        assertThat(first.url()).isEqualTo("http://hb:1");
        assertThat(first.capacity()).isEqualTo(4);
        assertThat(first.usable()).isEqualTo(3);
        assertThat(first.memoryBytes()).isEqualTo(123L << 20);
        assertThat(first.renders()).extracting(NodeStatus.Render::leaseId).containsExactly("lease-1");
        assertThat(first.warmContexts()).isEqualTo(1);
        assertThat(first.draining()).isFalse();

        registry.drain("hb-node", Duration.ofMinutes(1)).block();
        await().atMost(Duration.ofSeconds(20)).until(() -> board.status("hb-node").block().draining());
        heartbeat.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> board.status("hb-node").blockOptional().isEmpty());
    }

    private List<NodeInfo> registered() {
        try {
            return registry.liveNodes().collectList().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** A pool whose number of working browsers the test sets; it renders nothing. */
    private static final class UsablePool implements BrowserPool {

        volatile int usable;

        @Override
        public Mono<RenderResult> render(RenderRequest request) {
            return Mono.error(new UnsupportedOperationException("renders nothing"));
        }

        @Override
        public void cancel(String leaseId) {
        }

        @Override
        public Set<String> activeLeases() {
            return Set.of();
        }

        @Override
        public List<NodeStatus.Render> rendersInFlight() {
            return List.of(new NodeStatus.Render("lease-1", Instant.now().minusSeconds(3)));
        }

        @Override
        public long memoryBytes() {
            return 123L << 20;
        }

        @Override
        public long rendersDone() {
            return 7;
        }

        @Override
        public int capacity() {
            return 4;
        }

        @Override
        public int usable() {
            return usable;
        }

        @Override
        public int busy() {
            return 0;
        }

        @Override
        public int warmContexts() {
            return 1;
        }
    }
}
