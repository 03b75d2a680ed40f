package dev.gleaner.farm.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FarmNodePropertiesTest {

    private static final long GIB = 1L << 30;

    @Test
    void capacityFromTheMachineIsOneBrowserPerCoreAsFarAsMemoryGoes() {
        assertThat(FarmNodeProperties.fromMachine(2, 24 * GIB)).isEqualTo(2);
        assertThat(FarmNodeProperties.fromMachine(16, 4 * GIB)).as("4 GiB: 1 for the JVM, 3 for browsers").isEqualTo(4);
        assertThat(FarmNodeProperties.fromMachine(8, GIB)).as("at least one").isEqualTo(1);
    }
}
