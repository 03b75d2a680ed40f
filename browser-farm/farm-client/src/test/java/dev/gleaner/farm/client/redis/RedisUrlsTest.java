package dev.gleaner.farm.client.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisURI;

class RedisUrlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aClusterUrlNamesItsSeedNodesWithOneSetOfCredentials() {
        assertThat(RedisUrls.isCluster("redis-cluster://a:7000,b:7001")).isTrue();
        assertThat(RedisUrls.isCluster("redis://a:6379")).isFalse();
        List<RedisURI> seeds = RedisUrls.clusterSeeds("redis-cluster://:s%40cret@10.0.0.1:7000, 10.0.0.2:7001,redis-3",
                TIMEOUT);
        assertThat(seeds).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "10.0.0.2", "redis-3");
        assertThat(seeds).extracting(RedisURI::getPort).containsExactly(7000, 7001, 6379);
        assertThat(seeds).allSatisfy(seed -> {
            assertThat(seed.getCredentialsProvider().resolveCredentials().block().getPassword()).isEqualTo("s@cret".toCharArray());
            assertThat(seed.isSsl()).isFalse();
            assertThat(seed.getTimeout()).isEqualTo(TIMEOUT);
        });
        RedisURI tls = RedisUrls.clusterSeeds("rediss-cluster://gleaner:pw@h:6380", TIMEOUT).getFirst();
        assertThat(tls.isSsl()).isTrue();
        assertThat(tls.getCredentialsProvider().resolveCredentials().block().getUsername()).isEqualTo("gleaner");
    }

    @Test
    void aBadSeedIsRefusedWithoutRepeatingThePassword() {
        assertThatIllegalArgumentException().isThrownBy(() -> RedisUrls.clusterSeeds("redis-cluster://:hunter2@a:70000",
                TIMEOUT)).withMessageContaining("seed node 1").withMessageNotContaining("hunter2");
        assertThatIllegalArgumentException().isThrownBy(() -> RedisUrls.clusterSeeds("redis-cluster://:hunter2@a:7000,:7001",
                TIMEOUT)).withMessageContaining("seed node 2 has no host").withMessageNotContaining("hunter2");
    }
}
