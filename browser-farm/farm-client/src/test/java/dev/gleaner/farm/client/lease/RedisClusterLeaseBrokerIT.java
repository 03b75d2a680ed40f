package dev.gleaner.farm.client.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
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
}
