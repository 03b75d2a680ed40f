package dev.gleaner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LoadRunTest {

    /** A scenario over our own seam: renders answer from a counter, no browser involved. */
    private static Scenario counting(AtomicInteger made, int failEvery) {
        AtomicInteger calls = new AtomicInteger();
        return new Scenario() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public Renderer newRenderer() {
                made.incrementAndGet();
                return () -> calls.incrementAndGet() % failEvery == 0 ? "wrong" : "right";
            }
        };
    }

    @Test
    void everyMeasuredRenderIsCountedOnceAsOkOrFailedAndWarmUpsAreNot() throws Exception {
        AtomicInteger made = new AtomicInteger();
        LoadRun.Result result = new LoadRun(40, 4, 2, "right"::equals).run(counting(made, 5));

        assertThat(made).hasValue(4);
        assertThat(result.latencies().size() + result.failures()).isEqualTo(40);
        // the 8 warm-ups are calls 1..8; the measured calls 9..48 hold eight multiples of five
        assertThat(result.failures()).isEqualTo(8);
        assertThat(result.latencies()).isSorted();
        assertThat(result.throughput()).isPositive();
    }

    @Test
    void percentilesAreNearestRankOverTheSortedLatencies() {
        LoadRun.Result result = new LoadRun.Result("s", List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0),
                0, 1.0);

        assertThat(result.percentile(50)).isEqualTo(5.0);
        assertThat(result.percentile(95)).isEqualTo(10.0);
        assertThat(result.percentile(100)).isEqualTo(10.0);
        assertThat(result.throughput()).isEqualTo(10.0);
    }

    @Test
    void aRendererThatCannotStartFailsTheRunInsteadOfHangingIt() {
        Scenario broken = new Scenario() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Renderer newRenderer() {
                throw new IllegalStateException("no browser");
            }
        };

        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> assertThatThrownBy(
                () -> new LoadRun(10, 2, 1, html -> true).run(broken))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("no browser"));
    }
}
