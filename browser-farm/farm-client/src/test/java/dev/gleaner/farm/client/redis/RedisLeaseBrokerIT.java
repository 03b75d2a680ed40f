package dev.gleaner.farm.client.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseDecision;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.testsupport.TestRedis;

/** The lease protocol against a real Redis. Each test uses its own key namespace. */
class RedisLeaseBrokerIT {

    private static final Duration LONG = Duration.ofMinutes(1);
    private static RedisConnector redis;

    private RedisLeaseBroker broker;
    private RedisNodeRegistry registry;

    @BeforeAll
    static void connect() {
        redis = new RedisConnector(TestRedis.url());
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @BeforeEach
    void freshNamespace() {
        FarmKeys keys = new FarmKeys("test-" + UUID.randomUUID());
        broker = new RedisLeaseBroker(redis.reactive(), keys);
        registry = new RedisNodeRegistry(redis.reactive(), keys);
    }

    private Lease granted(String tenant, int cap, Duration ttl) {
        LeaseDecision decision = broker.acquire(tenant, cap, ttl).block();
        assertThat(decision).isInstanceOf(LeaseDecision.Granted.class);
        return ((LeaseDecision.Granted) decision).lease();
    }

    @Test
    void withNoLiveNodeThereIsNoCapacity() {
        assertThat(broker.acquire("t1", 0, LONG).block()).isInstanceOf(LeaseDecision.NoCapacity.class);
    }

    @Test
    void aLeaseGoesToTheLiveNodeWithTheMostFreeSlots() {
        registry.heartbeat(new NodeInfo("small", "http://small", 1), LONG).block();
        registry.heartbeat(new NodeInfo("big", "http://big", 3), LONG).block();

        Lease first = granted("t1", 0, LONG);
        assertThat(first.nodeId()).isEqualTo("big");
        assertThat(first.nodeUrl()).isEqualTo("http://big");
        granted("t1", 0, LONG);
        // big has 1 free, small has 1 free: either is fine, but after two more every slot is taken
        granted("t1", 0, LONG);
        granted("t1", 0, LONG);
        assertThat(broker.acquire("t1", 0, LONG).block()).isInstanceOf(LeaseDecision.NoCapacity.class);
    }

    @Test
    void fencingTokensOnlyGoUp() {
        registry.heartbeat(new NodeInfo("n", "http://n", 5), LONG).block();
        Lease a = granted("t1", 0, LONG);
        Lease b = granted("t1", 0, LONG);
        assertThat(b.fencingToken()).isGreaterThan(a.fencingToken());
    }

    @Test
    void aTenantAtItsConcurrencyCapIsRefusedWhileOthersStillGetSlots() {
        registry.heartbeat(new NodeInfo("n", "http://n", 10), LONG).block();
        granted("busy", 2, LONG);
        granted("busy", 2, LONG);

        assertThat(broker.acquire("busy", 2, LONG).block())
                .isEqualTo(new LeaseDecision.TenantAtCapacity(2));
        granted("other", 2, LONG);
    }

    @Test
    void releasingReturnsTheSlotAndOnlyTheCurrentFenceMayRelease() {
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        Lease lease = granted("t1", 0, LONG);
        Lease stale = new Lease(lease.leaseId(), lease.nodeId(), lease.nodeUrl(), lease.fencingToken() - 1, "t1");

        assertThat(broker.release(stale).block()).isFalse();
        assertThat(broker.acquire("t1", 0, LONG).block()).isInstanceOf(LeaseDecision.NoCapacity.class);
        assertThat(broker.release(lease).block()).isTrue();
        assertThat(broker.find(lease.leaseId()).block()).isNull();
        granted("t1", 0, LONG);
    }

    @Test
    void anExpiredLeaseFreesItsSlotAndCannotBeRenewed() {
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        Lease lease = granted("t1", 0, Duration.ofMillis(300));

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.find(lease.leaseId()).block() == null);
        assertThat(broker.renew(lease, LONG).block()).isFalse();
        granted("t1", 0, LONG);
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstTtl() {
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        Lease lease = granted("t1", 0, Duration.ofSeconds(1));
        assertThat(broker.renew(lease, LONG).block()).isTrue();

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> broker.find(lease.leaseId()).block() != null);
        assertThat(broker.acquire("t1", 0, LONG).block()).isInstanceOf(LeaseDecision.NoCapacity.class);
    }

    @Test
    void aNodeThatMissedItsHeartbeatLeavesTheRegistryAndReceivesNoLeases() {
        registry.heartbeat(new NodeInfo("fleeting", "http://fleeting", 4), Duration.ofSeconds(1)).block();
        assertThat(registry.liveNodes().collectList().block()).extracting(NodeInfo::nodeId).containsExactly("fleeting");

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.liveNodes().collectList().block().isEmpty());
        assertThat(broker.acquire("t1", 0, LONG).block()).isInstanceOf(LeaseDecision.NoCapacity.class);
    }

    @Test
    void aDeregisteredNodeReceivesNoLeases() {
        registry.heartbeat(new NodeInfo("leaving", "http://leaving", 4), LONG).block();
        registry.deregister("leaving").block();
        assertThat(broker.acquire("t1", 0, LONG).block()).isInstanceOf(LeaseDecision.NoCapacity.class);
    }

    @Test
    void theScriptsStillRunAfterRedisForgetsThem() {
        redis.reactive().scriptFlush().block();
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        granted("t1", 0, LONG);
    }

    @Test
    void aSuspectNodeReceivesNoLeasesUntilItsMarkExpires() {
        registry.heartbeat(new NodeInfo("roomy", "http://roomy:1", 5), Duration.ofSeconds(30)).block();
        registry.heartbeat(new NodeInfo("small", "http://small:1", 1), Duration.ofSeconds(30)).block();
        broker.markSuspect("roomy", Duration.ofMillis(800)).block();

        LeaseDecision first = broker.acquire("t", 0, Duration.ofSeconds(30)).block();
        assertThat(first).isInstanceOfSatisfying(LeaseDecision.Granted.class,
                g -> assertThat(g.lease().nodeId()).isEqualTo("small"));
        assertThat(broker.acquire("t", 0, Duration.ofSeconds(30)).block())
                .as("the only unsuspected node is full").isInstanceOf(LeaseDecision.NoCapacity.class);

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.acquire("t", 0, Duration.ofSeconds(30)).block()
                instanceof LeaseDecision.Granted g && g.lease().nodeId().equals("roomy"));
    }
}
