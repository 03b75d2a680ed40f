package dev.gleaner.farm.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.lease.LeaseDecision;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.node.pool.BrowserPool;
import dev.gleaner.testsupport.TestChromium;
import dev.gleaner.testsupport.TestFixtureSite;
import dev.gleaner.testsupport.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One real node (real Redis, real Chromium with one browser, pages from the local fixture site)
 * shared by every test class that extends this: the same configuration, so one Spring context and
 * one Chromium for all of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
abstract class RealNode {

    static final FixtureSite SITE = TestFixtureSite.get();
    /** A WebSocket server on loopback that the guard allows: WebSockets work through the egress proxy. */
    static final WebSocketAcceptor ALLOWED_WEBSOCKET = new WebSocketAcceptor();

    @Autowired
    LeaseBroker leases;
    @Autowired
    NodeRegistry registry;
    @Autowired
    NodeInfo self;
    @Autowired
    BrowserPool pool;
    @Autowired
    MeterRegistry meters;

    /** A real lease on this node: the lease reaper cancels a render whose lease it cannot find. */
    Lease lease() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.liveNodes().map(NodeInfo::nodeId).collectList().block().contains(self.nodeId()));
        LeaseDecision decision = leases.acquire("tenant-it", 0, Duration.ofSeconds(30)).block();
        assertThat(decision).isInstanceOf(LeaseDecision.Granted.class);
        return ((LeaseDecision.Granted) decision).lease();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gleaner.farm.redis-url", TestRedis::url);
        registry.add("gleaner.farm.redis-namespace", () -> "farm-node-it");
        registry.add("gleaner.farm.chromium-path", () -> TestChromium.path().toString());
        registry.add("gleaner.farm.capacity", () -> "1");
        registry.add("gleaner.farm.allowed-targets",
                () -> "127.0.0.1:" + SITE.port() + ",127.0.0.1:" + ALLOWED_WEBSOCKET.port());
        registry.add("gleaner.farm.node-id", () -> "it-node");
        registry.add("gleaner.farm.advertised-url", () -> "http://localhost:0");
        registry.add("gleaner.farm.reaper-interval", () -> "200ms");
    }
}
