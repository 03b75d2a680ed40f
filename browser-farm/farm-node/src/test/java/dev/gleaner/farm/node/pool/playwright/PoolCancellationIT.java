package dev.gleaner.farm.node.pool.playwright;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.gleaner.farm.client.guard.AllowedTargets;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.node.egress.EgressProxy;
import dev.gleaner.testsupport.TestChromium;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.Disposable;

/**
 * A render whose caller cancels in the narrow window after a browser was taken from the pool and
 * before the render began: the browser goes back to the pool instead of being lost for good.
 */
class PoolCancellationIT {

    @Test
    void aCancelRightAfterABrowserWasTakenPutsTheBrowserBack() throws Exception {
        try (EgressProxy egress = new EgressProxy(new TargetGuard(AllowedTargets.none()))) {
            egress.start();
            PlaywrightBrowserPool pool = new PlaywrightBrowserPool(1, TestChromium.path(), List.of(),
                    new PlaywrightBrowserPool.Recycling(1000, Long.MAX_VALUE), Duration.ofSeconds(5), egress,
                    new SimpleMeterRegistry());
            pool.start();
            try {
                CountDownLatch taken = new CountDownLatch(1);
                CountDownLatch cancelled = new CountDownLatch(1);
                pool.afterTake(() -> {
                    taken.countDown();
                    awaitUninterruptibly(cancelled);
                });
                Disposable render = pool.render(new RenderRequest("lease", 1, "http://example.test/", 5_000, "it", null)).subscribe();
                assertThat(taken.await(30, TimeUnit.SECONDS)).isTrue();
                assertThat(pool.idle()).as("the only browser is taken").isZero();

                render.dispose();
                cancelled.countDown();

                await().atMost(Duration.ofSeconds(10)).until(() -> pool.idle() == 1);
            } finally {
                pool.stop();
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the cancel may interrupt this thread; the window must stay open regardless
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
