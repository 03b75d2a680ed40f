package dev.gleaner.farm.client.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;

/**
 * The lease protocol, as every broker must keep it: the Redis scripts ({@code RedisLeaseBrokerIT})
 * and the in-memory rules ({@code InMemoryLeaseBrokerTest}) run the same tests.
 */
abstract class LeaseBrokerContract {

    static final Duration LONG = Duration.ofMinutes(1);
    /** Short, so a test can watch a waiter that stopped asking lose its place. */
    static final Duration WAITER_TTL = Duration.ofMillis(800);

    LeaseBroker broker;
    NodeRegistry registry;

    /** A broker and a registry over one fresh, empty farm. */
    abstract void freshFarm();

    @BeforeEach
    void setUp() {
        freshFarm();
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
    void aSuspectNodeReceivesNoLeasesUntilItsMarkExpires() {
        registry.heartbeat(new NodeInfo("roomy", "http://roomy:1", 5), Duration.ofSeconds(30)).block();
        registry.heartbeat(new NodeInfo("small", "http://small:1", 1), Duration.ofSeconds(30)).block();
        broker.markSuspect("roomy", Duration.ofMillis(800)).block();
        assertThat(broker.isSuspect("roomy").block()).isTrue();
        assertThat(broker.isSuspect("small").block()).isFalse();

        LeaseDecision first = broker.acquire("t", 0, Duration.ofSeconds(30)).block();
        assertThat(first).isInstanceOfSatisfying(LeaseDecision.Granted.class,
                g -> assertThat(g.lease().nodeId()).isEqualTo("small"));
        assertThat(broker.acquire("t", 0, Duration.ofSeconds(30)).block())
                .as("the only unsuspected node is full").isInstanceOf(LeaseDecision.NoCapacity.class);

        await().atMost(Duration.ofSeconds(10)).until(() -> broker.acquire("t", 0, Duration.ofSeconds(30)).block()
                instanceof LeaseDecision.Granted g && g.lease().nodeId().equals("roomy"));
    }

    @Test
    void aDrainedNodeReceivesNoNewLeasesKeepsThoseItHoldsAndTakesLeasesAgainOnceUndrained() {
        registry.heartbeat(new NodeInfo("draining", "http://draining:1", 5), LONG).block();
        Lease held = granted("t", 0, LONG);
        registry.drain("draining", LONG).block();

        assertThat(registry.isDraining("draining").block()).isTrue();
        assertThat(broker.acquire("t", 0, LONG).block()).as("no new lease on a drained node")
                .isInstanceOf(LeaseDecision.NoCapacity.class);
        assertThat(broker.renew(held, LONG).block()).as("its lease in flight runs on").isTrue();
        assertThat(broker.busy("draining").block()).isEqualTo(1);

        registry.undrain("draining").block();
        assertThat(registry.isDraining("draining").block()).isFalse();
        assertThat(granted("t", 0, LONG).nodeId()).isEqualTo("draining");
        assertThat(broker.busy("draining").block()).isEqualTo(2);
    }

    // ---- the fair queue ----

    private static Waiter waiter(String tenant, int cap, int weight) {
        return new Waiter(UUID.randomUUID().toString(), tenant, cap, weight);
    }

    private LeaseDecision ask(Waiter waiter) {
        return broker.acquire(waiter, LONG).block();
    }

    private Lease claim(Waiter waiter) {
        LeaseDecision decision = ask(waiter);
        assertThat(decision).as("a slot for " + waiter).isInstanceOf(LeaseDecision.Granted.class);
        return ((LeaseDecision.Granted) decision).lease();
    }

    @Test
    void aReleasedSlotGoesToTheWaiterAndItIsAnnounced() {
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        Lease held = granted("t1", 0, LONG);
        Waiter waiter = waiter("t2", 0, 1);
        assertThat(ask(waiter)).isEqualTo(new LeaseDecision.Waiting(false, 0));
        var announced = broker.grants().filter(waiter.id()::equals).next().toFuture();

        broker.release(held).block();

        assertThat(announced).succeedsWithin(Duration.ofSeconds(5));
        Lease lease = claim(waiter);
        assertThat(lease.leaseId()).isEqualTo(waiter.id());
        assertThat(lease.fencingToken()).isGreaterThan(held.fencingToken());
        assertThat(broker.find(lease.leaseId()).block()).isEqualTo(lease);
    }

    @Test
    void aNewcomerDoesNotJumpTheQueueWhenASlotFreesByExpiry() {
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        Lease held = granted("holder", 0, Duration.ofMillis(300));
        Waiter first = waiter("z-waited-first", 0, 1);
        assertThat(ask(first)).isInstanceOf(LeaseDecision.Waiting.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.find(held.leaseId()).block() == null);

        // a tenant whose id sorts first, arriving after: the free slot still goes to the one that waited
        assertThat(ask(waiter("a-came-later", 0, 1))).isInstanceOf(LeaseDecision.Waiting.class);
        assertThat(ask(first)).isInstanceOf(LeaseDecision.Granted.class);
    }

    @Test
    void oneTenantsManyWaitersHoldBackAnothersSingleRequestByAtMostOneRender() {
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        Lease held = granted("holder", 0, LONG);
        List<Waiter> flood = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Waiter w = waiter("a-flood", 0, 1);
            flood.add(w);
            assertThat(ask(w)).isInstanceOf(LeaseDecision.Waiting.class);
        }
        Waiter single = waiter("b-single", 0, 1);
        assertThat(ask(single)).isInstanceOf(LeaseDecision.Waiting.class);

        int rendersBefore = 0;
        Lease current = held;
        while (!(ask(single) instanceof LeaseDecision.Granted)) {
            broker.release(current).block();
            current = null;
            for (Waiter w : flood) {
                if (ask(w) instanceof LeaseDecision.Granted g) {
                    current = g.lease();
                    rendersBefore++;
                    break;
                }
            }
            if (current == null) {
                break;
            }
        }
        assertThat(rendersBefore).as("renders of the flooding tenant before the single request").isLessThanOrEqualTo(1);
    }

    @Test
    void tenantsTakeTurnsInProportionToTheirWeights() {
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        Lease current = granted("holder", 0, LONG);
        List<Waiter> waiters = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waiters.add(waiter("heavy", 0, 2));
            waiters.add(waiter("light", 0, 1));
        }
        waiters.forEach(w -> assertThat(ask(w)).isInstanceOf(LeaseDecision.Waiting.class));

        List<String> served = new ArrayList<>();
        for (int turn = 0; turn < 9; turn++) {
            broker.release(current).block();
            current = null;
            for (Waiter w : waiters) {
                if (ask(w) instanceof LeaseDecision.Granted g) {
                    current = g.lease();
                    served.add(w.tenantId());
                    waiters.remove(w);
                    break;
                }
            }
            assertThat(current).as("turn " + turn + " served someone").isNotNull();
        }
        assertThat(served.stream().filter("heavy"::equals).count()).as(served.toString()).isEqualTo(6);
        assertThat(served.stream().filter("light"::equals).count()).as(served.toString()).isEqualTo(3);
    }

    @Test
    void aTenantAtItsCapIsPassedOverForTheNextTenantInLine() {
        registry.heartbeat(new NodeInfo("n", "http://n", 2), LONG).block();
        granted("capped", 1, LONG);
        Lease other = granted("other", 0, LONG);
        Waiter capped = waiter("capped", 1, 1);
        Waiter next = waiter("next", 0, 1);
        assertThat(ask(capped)).isEqualTo(new LeaseDecision.Waiting(true, 0));
        assertThat(ask(next)).isEqualTo(new LeaseDecision.Waiting(false, 0));

        broker.release(other).block();

        assertThat(ask(next)).isInstanceOf(LeaseDecision.Granted.class);
        assertThat(ask(capped)).isEqualTo(new LeaseDecision.Waiting(true, 0));
    }

    @Test
    void aWaiterThatStopsAskingLosesItsPlace() {
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        Lease held = granted("t1", 0, LONG);
        Waiter gone = waiter("t2", 0, 1);
        Waiter patient = waiter("t3", 0, 1);
        assertThat(ask(gone)).isInstanceOf(LeaseDecision.Waiting.class);
        assertThat(ask(patient)).isInstanceOf(LeaseDecision.Waiting.class);

        // patient keeps asking past the waiter TTL; gone does not
        long until = System.nanoTime() + WAITER_TTL.multipliedBy(2).toNanos();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> ask(patient) instanceof LeaseDecision.Waiting && System.nanoTime() > until);
        broker.release(held).block();

        assertThat(ask(patient)).isInstanceOf(LeaseDecision.Granted.class);
    }

    @Test
    void aSlotHandedToAWaiterThatLeftGoesOnToTheNext() {
        registry.heartbeat(new NodeInfo("n", "http://n", 1), LONG).block();
        Lease held = granted("t1", 0, LONG);
        Waiter leaving = waiter("t2", 0, 1);
        Waiter next = waiter("t3", 0, 1);
        assertThat(ask(leaving)).isInstanceOf(LeaseDecision.Waiting.class);
        assertThat(ask(next)).isInstanceOf(LeaseDecision.Waiting.class);
        broker.release(held).block(); // handed to "leaving", which has not claimed it

        broker.leave(leaving.id()).block();

        assertThat(ask(next)).isInstanceOf(LeaseDecision.Granted.class);
        assertThat(broker.find(leaving.id()).block()).isNull();
    }
}
