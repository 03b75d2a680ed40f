package dev.gleaner.farm.node.pool.playwright;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.gleaner.devstack.fixture.FixtureSite;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.render.RenderOptions;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.node.egress.EgressProxy;
import dev.gleaner.testsupport.TestChromium;
import dev.gleaner.testsupport.TestFixtureSite;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A pool that heals itself, with one real Chromium: a browser killed from outside (idle or mid-render)
 * is replaced, a page that hangs has its browser killed at its deadline, a worn browser is recycled, and
 * a stopped pool leaves no Chromium process behind. The last test stops the pool.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolHealthIT {

    private static final FixtureSite SITE = TestFixtureSite.get();
    private static final int MAX_RENDERS = 4;
    private static EgressProxy egress;
    private static SimpleMeterRegistry meters;
    private static PlaywrightBrowserPool pool;

    @BeforeAll
    static void startPool() {
        egress = new EgressProxy(TargetGuard.configured("127.0.0.1:" + SITE.port()));
        egress.start();
        meters = new SimpleMeterRegistry();
        pool = new PlaywrightBrowserPool(1, TestChromium.path(), List.of(),
                new PlaywrightBrowserPool.Recycling(MAX_RENDERS, Long.MAX_VALUE), Duration.ofSeconds(1), egress, meters);
        pool.start();
    }

    @AfterAll
    static void stopPool() {
        pool.stop();
        egress.close();
    }

    private static RenderResult render(String path, int timeoutMs, RenderOptions options) {
        return pool.render(new RenderRequest("health-" + UUID.randomUUID(), 1, SITE.url(path), timeoutMs, "it", options))
                .block(Duration.ofSeconds(60));
    }

    private static double count(String name) {
        return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** The browser's main process: the one Chromium process whose parent is not Chromium. */
    private static ProcessHandle browserProcess() {
        Set<Long> pids = pool.chromiumPids();
        return pids.stream().map(pid -> ProcessHandle.of(pid).orElseThrow())
                .filter(p -> p.parent().map(parent -> !pids.contains(parent.pid())).orElse(true))
                .findFirst().orElseThrow();
    }

    private static void awaitHealed(ProcessHandle killed) {
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.usable() == 1 && !pool.chromiumPids().isEmpty()
                && !pool.chromiumPids().contains(killed.pid()));
    }

    /** What a killed browser leaves behind is cleaned up by the pool within its health interval or two. */
    private static void awaitNoOrphans() {
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.orphanChromiumProcesses().isEmpty());
    }

    @Test
    @Order(0)
    void anotherPoolStoppingInTheSameJvmLeavesThisPoolsBrowserAlone() {
        Set<ProcessHandle> ours = pool.chromiumPids().stream().map(pid -> ProcessHandle.of(pid).orElseThrow())
                .collect(java.util.stream.Collectors.toSet());
        PlaywrightBrowserPool other = new PlaywrightBrowserPool(1, TestChromium.path(), List.of(),
                new PlaywrightBrowserPool.Recycling(MAX_RENDERS, Long.MAX_VALUE), Duration.ofSeconds(1), egress,
                new SimpleMeterRegistry());
        other.start();
        assertThat(other.orphanChromiumProcesses()).as("this pool's processes are not the other's orphans").isEmpty();

        other.stop();

        assertThat(ours).allMatch(ProcessHandle::isAlive);
        assertThat(pool.usable()).isEqualTo(1);
    }

    @Test
    @Order(1)
    void aChromiumKilledWhileIdleIsReplacedAndTheNextRenderWorks() {
        assertThat(render("/final", 20_000, RenderOptions.DEFAULT).outcome()).isEqualTo(RenderOutcome.OK);
        double crashed = count("gleaner.farm.browsers.crashed");
        ProcessHandle browser = browserProcess();

        browser.destroyForcibly(); // kill -9

        awaitHealed(browser);
        assertThat(count("gleaner.farm.browsers.crashed")).isEqualTo(crashed + 1);
        RenderResult next = render("/final", 20_000, RenderOptions.DEFAULT);
        assertThat(next.outcome()).as(next.toString()).isEqualTo(RenderOutcome.OK);
        awaitNoOrphans();
    }

    @Test
    @Order(2)
    void aChromiumKilledMidRenderFailsOnlyThatRenderAsACrash() {
        var pending = pool.render(new RenderRequest("health-" + UUID.randomUUID(), 1, SITE.url("/slow?ms=10000"), 30_000,
                "it", RenderOptions.DEFAULT)).toFuture();
        await().atMost(Duration.ofSeconds(20)).until(() -> pool.busy() == 1);
        ProcessHandle browser = browserProcess();

        browser.destroyForcibly();

        RenderResult crashed = pending.join();
        assertThat(crashed.outcome()).as(crashed.toString()).isEqualTo(RenderOutcome.BROWSER_CRASHED);
        awaitHealed(browser);
        assertThat(render("/final", 20_000, RenderOptions.DEFAULT).outcome()).isEqualTo(RenderOutcome.OK);
    }

    @Test
    @Order(3)
    void aPageThatHangsItsBrowserIsKilledAtItsDeadlineNotWaitedOn() {
        long start = System.nanoTime();
        RenderResult hung = render("/busy-after-load", 2_000, RenderOptions.waitingFor(null, 300));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(hung.outcome()).as(hung.toString()).isEqualTo(RenderOutcome.TIMEOUT);
        assertThat(hung.detail()).contains("stopped responding");
        assertThat(took).as("budget 2 s + grace 1 s, then the kill").isLessThan(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(60)).until(() -> pool.usable() == 1);
        assertThat(render("/final", 20_000, RenderOptions.DEFAULT).outcome()).isEqualTo(RenderOutcome.OK);
        awaitNoOrphans();
    }

    @Test
    @Order(4)
    void aBrowserIsReplacedAfterItsMaximumNumberOfRenders() {
        double recycled = count("gleaner.farm.browsers.recycled");
        double launched = count("gleaner.farm.browsers.launched");
        for (int i = 0; i < MAX_RENDERS; i++) {
            assertThat(render("/final", 20_000, RenderOptions.DEFAULT).outcome()).isEqualTo(RenderOutcome.OK);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("gleaner.farm.browsers.recycled") >= recycled + 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("gleaner.farm.browsers.launched") >= launched + 1);
        assertThat(meters.get("gleaner.farm.chromium.memory").gauge().value()).isPositive();
    }

    @Test
    @Order(5)
    void aBrowserWhoseMemoryPassesTheThresholdIsReplacedAfterTheRenderThatLeftItThere() {
        SimpleMeterRegistry ownMeters = new SimpleMeterRegistry();
        // any live browser uses more than a megabyte: every render leaves it past this threshold
        PlaywrightBrowserPool bloated = new PlaywrightBrowserPool(1, TestChromium.path(), List.of(),
                new PlaywrightBrowserPool.Recycling(1_000, 1L << 20), Duration.ofSeconds(1), egress, ownMeters);
        bloated.start();
        try {
            Set<Long> before = bloated.chromiumPids();
            RenderResult result = bloated.render(new RenderRequest("memory-" + UUID.randomUUID(), 1, SITE.url("/final"),
                    20_000, "it", RenderOptions.DEFAULT)).block(Duration.ofSeconds(60));
            assertThat(result.outcome()).as(result.toString()).isEqualTo(RenderOutcome.OK);

            await().atMost(Duration.ofSeconds(60)).until(() -> ownMeters.find("gleaner.farm.browsers.recycled")
                    .tag("reason", "memory").counter() != null && bloated.usable() == 1
                    && !bloated.chromiumPids().isEmpty() && java.util.Collections.disjoint(before, bloated.chromiumPids()));
            RenderResult next = bloated.render(new RenderRequest("memory-" + UUID.randomUUID(), 1, SITE.url("/final"),
                    20_000, "it", RenderOptions.DEFAULT)).block(Duration.ofSeconds(60));
            assertThat(next.outcome()).as(next.toString()).isEqualTo(RenderOutcome.OK);
        } finally {
            bloated.stop();
        }
    }

    @Test
    @Order(6)
    void aStoppedPoolLeavesNoChromiumProcessBehind() {
        Set<Long> pids = pool.chromiumPids();
        assertThat(pids).isNotEmpty();

        pool.stop();

        await().atMost(Duration.ofSeconds(20)).until(() -> pids.stream().noneMatch(pid ->
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        assertThat(pool.orphanChromiumProcesses()).isEmpty();
        assertThat(pool.usable()).isZero();
    }
}
