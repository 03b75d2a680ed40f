package dev.gleaner.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.gleaner.core.job.InstanceId;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;

/** A core-api instance that serves the API is registered in Redis for the gateways, under its instance id. */
class CoreRegistrationIT extends JobsTestContext {

    @LocalServerPort
    int port;
    @Autowired
    InstanceId instance;

    @Test
    void theInstanceIsRegisteredWithWhereItListens() {
        RedisNodeRegistry registry = new RedisNodeRegistry(redis.reactive(), FarmKeys.instancesOf(NAMESPACE,
                CoreRegistration.SERVICE));
        List<NodeInfo> live = await("registered").atMost(DEADLINE).until(
                () -> registry.liveNodes().collectList().block(Duration.ofSeconds(5)),
                nodes -> nodes.stream().anyMatch(n -> n.nodeId().equals(instance.value())));
        assertThat(live).filteredOn(n -> n.nodeId().equals(instance.value())).singleElement()
                .satisfies(n -> assertThat(n.url()).endsWith(":" + port));
    }
}
