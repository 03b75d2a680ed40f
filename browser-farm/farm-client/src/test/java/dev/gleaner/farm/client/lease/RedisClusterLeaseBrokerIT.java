package dev.gleaner.farm.client.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.node.NodeStatus;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisNodeStatusBoard;
import dev.gleaner.testsupport.TestRedisCluster;
import io.lettuce.core.cluster.SlotHash;

/**
 * The lease protocol's contract on a real three-node Redis Cluster: every farm key of one group carries the
 * group's hash tag, so each script's keys are in one slot.
 */
class RedisClusterLeaseBrokerIT extends RedisLeaseBrokerIT {

    /** Hides {@link RedisLeaseBrokerIT#connect()}: the same tests, on the cluster. */
    @BeforeAll
    static void connect() {
        redis = new RedisConnector(TestRedisCluster.get().url());
    }

    @Test
    void theConnectorReachesAClusterOfThreeMastersAndEveryScriptKeyOfAGroupIsInOneSlot() {
        assertThat(redis.cluster()).isTrue();
        assertThat(redis.reactive().clusterInfo().block()).contains("cluster_state:ok", "cluster_known_nodes:3",
                "cluster_size:3");
        FarmKeys keys = new FarmKeys("test-" + UUID.randomUUID());
        int slot = SlotHash.getSlot(keys.nodes());
        assertThat(java.util.List.of(keys.node("n"), keys.nodeLeases("n"), keys.lease("l"), keys.tenantLeases("t"),
                keys.fence())).allSatisfy(key -> assertThat(SlotHash.getSlot(key)).as(key).isEqualTo(slot));
    }

    @Test
    void aNodesStatusIsReportedToTheClusterReadBackAndExpiresWithItsHeartbeat() {
        FarmKeys keys = new FarmKeys("status-" + UUID.randomUUID());
        RedisNodeStatusBoard board = new RedisNodeStatusBoard(redis.reactive(), keys);
        java.time.Instant started = java.time.Instant.parse("2026-12-02T08:00:00Z");
        NodeStatus status = new NodeStatus("node-s", "http://node-s:8082", 4, 3, 1, 512L << 20, 17, started,
                started.plusSeconds(60), java.util.List.of(new NodeStatus.Render("lease-1", started.plusSeconds(59))),
                true, 2);

        board.report(status, java.time.Duration.ofSeconds(30)).block(java.time.Duration.ofSeconds(10));

        assertThat(board.status("node-s").block(java.time.Duration.ofSeconds(10))).isEqualTo(status);
        assertThat(redis.reactive().pttl(keys.nodeStatus("node-s")).block(java.time.Duration.ofSeconds(10)))
                .isBetween(1L, 30_000L);
        assertThat(SlotHash.getSlot(keys.nodeStatus("node-s"))).isEqualTo(SlotHash.getSlot(keys.nodes()));
        assertThat(board.status("no-such-node").block(java.time.Duration.ofSeconds(10))).isNull();
    }
}
