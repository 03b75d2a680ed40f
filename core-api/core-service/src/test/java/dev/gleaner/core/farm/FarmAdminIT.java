package dev.gleaner.core.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.admin.FarmNodeView;
import dev.gleaner.core.client.audit.AuditPage;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.farm.client.lease.LeaseDecision;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeStatus;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisLeaseBroker;
import dev.gleaner.farm.client.redis.RedisNodeStatusBoard;

/** {@code /admin/v1/farm/nodes}: the live nodes with what they report, drained and undrained by an operator. */
class FarmAdminIT extends JobsTestContext {

    private final RedisNodeStatusBoard board = new RedisNodeStatusBoard(redis.reactive(), new FarmKeys(NAMESPACE));
    private final RedisLeaseBroker broker = new RedisLeaseBroker(redis.reactive(), new FarmKeys(NAMESPACE));

    private List<FarmNodeView> nodes() {
        return calls().admin().get().uri("/admin/v1/farm/nodes").exchange().expectStatus().isOk()
                .expectBodyList(FarmNodeView.class).returnResult().getResponseBody();
    }

    private FarmNodeView node(String id) {
        return nodes().stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aLiveNodeIsShownWithWhatItReportsOfItselfAndItsRendersInFlight() {
        NodeInfo info = register("reporting-" + UUID.randomUUID(), node, 3);
        extraNodes.add(info);
        FarmNodeView silent = node(info.nodeId());
        assertThat(silent.capacity()).isEqualTo(3);
        assertThat(silent.memoryBytes()).as("nothing reported yet").isNull();
        assertThat(silent.draining()).isFalse();
        assertThat(silent.suspect()).isFalse();

        Instant started = Instant.now().minusSeconds(42);
        board.report(new NodeStatus(info.nodeId(), info.url(), 4, 3, 1, 512L << 20, 17, started, Instant.now(),
                List.of(new NodeStatus.Render("lease-x", started)), false, 2), Duration.ofMinutes(1)).block();
        broker.markSuspect(info.nodeId(), Duration.ofMinutes(1)).block();
        FarmNodeView reported = node(info.nodeId());
        assertThat(reported.capacity()).isEqualTo(4);
        assertThat(reported.usable()).isEqualTo(3);
        assertThat(reported.memoryBytes()).isEqualTo(512L << 20);
        assertThat(reported.rendersDone()).isEqualTo(17);
        assertThat(reported.warmContexts()).isEqualTo(2);
        assertThat(reported.renders()).singleElement().satisfies(r -> {
            assertThat(r.leaseId()).isEqualTo("lease-x");
            assertThat(r.startedAt()).isEqualTo(started);
        });
        assertThat(reported.suspect()).isTrue();
    }

    @Test
    void anOperatorDrainsANodeSoItGetsNoLeaseThenUndrainsItAndBothAreAudited() {
        NodeInfo info = register("drained-" + UUID.randomUUID(), node, 2);
        extraNodes.add(info);
        registry.drain(registered.nodeId(), Duration.ofMinutes(1)).block();
        try {
            FarmNodeView drained = calls().asOperator("admin").post().uri("/admin/v1/farm/nodes/" + info.nodeId()
                    + "/drain").exchange().expectStatus().isOk().expectBody(FarmNodeView.class).returnResult()
                    .getResponseBody();
            assertThat(drained.draining()).isTrue();
            assertThat(broker.acquire("t-" + UUID.randomUUID(), 0, Duration.ofSeconds(5)).block())
                    .as("with every node drained there is no slot").isInstanceOf(LeaseDecision.NoCapacity.class);

            calls().asOperator("admin").post().uri("/admin/v1/farm/nodes/" + info.nodeId() + "/undrain").exchange()
                    .expectStatus().isOk().expectBody(FarmNodeView.class)
                    .value(v -> assertThat(v.draining()).isFalse());
            LeaseDecision again = broker.acquire("t-" + UUID.randomUUID(), 0, Duration.ofSeconds(5)).block();
            assertThat(again).isInstanceOfSatisfying(LeaseDecision.Granted.class,
                    g -> assertThat(g.lease().nodeId()).isEqualTo(info.nodeId()));
            broker.release(((LeaseDecision.Granted) again).lease()).block();
        } finally {
            registry.undrain(registered.nodeId()).block();
        }
        AuditPage audit = calls().admin().get().uri("/admin/v1/audit?actor=operator:admin&limit=500").exchange()
                .expectBody(AuditPage.class).returnResult().getResponseBody();
        assertThat(audit.entries()).filteredOn(e -> info.nodeId().equals(e.target())).extracting(e -> e.action())
                .containsExactly("farm.undrain", "farm.drain");
    }

    @Test
    void anUnknownNodeIsNotFoundAndAViewerCannotDrain() {
        calls().admin().post().uri("/admin/v1/farm/nodes/no-such-node/drain").exchange().expectStatus().isNotFound();
        String viewer = "farm-viewer-" + UUID.randomUUID().toString().substring(0, 8);
        calls().asOperator("admin").post().uri("/admin/v1/operators")
                .bodyValue(Map.of("username", viewer, "password", "viewer-password-0123", "role", "viewer")).exchange()
                .expectStatus().isCreated();
        calls().asOperator(viewer).post().uri("/admin/v1/farm/nodes/" + registered.nodeId() + "/drain").exchange()
                .expectStatus().isForbidden();
        assertThat(registry.isDraining(registered.nodeId()).block()).isFalse();
    }
}
