package dev.gleaner.farm.node.pool.playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import dev.gleaner.farm.node.egress.EgressProxy;
import dev.gleaner.farm.client.render.Phases;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.client.node.NodeStatus;
import dev.gleaner.farm.node.pool.BrowserPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@link BrowserPool} of {@code capacity} Chromium browsers, one per worker thread, every byte they
 * fetch going through the node's {@link EgressProxy}. Browsers start with the application context
 * and are closed with it, driver processes included.
 */
public final class PlaywrightBrowserPool implements BrowserPool, SmartLifecycle {

    /** The switches Chromium needs to run headless, as root, offline, in a container. */
    public static final List<String> BASE_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");

    private static final Logger log = LoggerFactory.getLogger(PlaywrightBrowserPool.class);

    /**
     * Everything through the egress proxy: loopback included (Chromium bypasses proxies for it unless told
     * not to), and WebRTC kept off UDP that does not go through a proxy (so STUN/TURN cannot reach around it).
     */
    static List<String> egressArgs(String proxyUrl) {
        return List.of("--proxy-server=" + proxyUrl, "--proxy-bypass-list=" + BrowserWorker.NO_BYPASS,
                "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
                "--webrtc-ip-handling-policy=disable_non_proxied_udp");
    }
    /** When a browser is replaced although it works: after so many renders, or past so much memory. */
    public record Recycling(int maxRenders, long maxMemoryBytes) {
    }

    private static final Duration WAIT_FOR_BROWSER = Duration.ofSeconds(2);
    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(1);

    private final List<BrowserWorker> workers = new ArrayList<>();
    private final BlockingQueue<BrowserWorker> idle = new LinkedBlockingQueue<>();
    /** Runs right after a browser is taken for a render; a test seam for cancellations in that window. */
    private volatile Runnable afterTake = () -> { };
    /** A render in flight: its cancellation flag and when it started. */
    private record Running(AtomicBoolean cancelled, Instant startedAt) {
    }

    private final Map<String, Running> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong rendersDone = new AtomicLong();
    /** Every Chromium process of this pool's browsers seen so far and still alive. */
    private final Set<ProcessHandle> seenChromium = ConcurrentHashMap.newKeySet();
    private final Duration hangGrace;
    private final MeterRegistry meters;
    private final Timer renderTimer;
    /** The watchdog (pages that hang) and the health check (browsers that died while idle). */
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "farm-supervisor");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running;

    /**
     * @param egress    the started egress proxy: Chromium is launched to send everything through it, loopback
     *                  included, and each render gets its own port on it
     * @param recycling when a working browser is replaced anyway
     * @param hangGrace how long past its budget a render may run before its browser is killed
     */
    public PlaywrightBrowserPool(int capacity, Path chromium, List<String> extraArgs, Recycling recycling,
            Duration hangGrace, EgressProxy egress, MeterRegistry meters) {
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("Chromium not found or not executable at " + chromium
                    + "; set GLEANER_CHROMIUM_PATH (gleaner.farm.chromium-path)");
        }
        List<String> args = new ArrayList<>(BASE_ARGS);
        args.addAll(egressArgs(egress.browserWideUrl()));
        args.addAll(extraArgs);
        BrowserWorker.Events events = events(meters);
        for (int i = 0; i < capacity; i++) {
            workers.add(new BrowserWorker("farm-browser-" + i, chromium, List.copyOf(args), egress, recycling, events));
        }
        this.hangGrace = hangGrace;
        this.meters = meters;
        this.renderTimer = Timer.builder("gleaner.farm.render").description("Time a render took on this node")
                .register(meters);
        registerGauges(meters);
    }

    private static BrowserWorker.Events events(MeterRegistry meters) {
        Counter launched = Counter.builder("gleaner.farm.browsers.launched").description("Chromium browsers launched")
                .register(meters);
        Counter crashed = Counter.builder("gleaner.farm.browsers.crashed")
                .description("Chromium browsers found dead (crashed or killed from outside) and replaced").register(meters);
        return new BrowserWorker.Events() {
            @Override
            public void launched() {
                launched.increment();
            }

            @Override
            public void recycled(String reason) {
                Counter.builder("gleaner.farm.browsers.recycled").tag("reason", reason)
                        .description("Working browsers replaced after too many renders or too much memory")
                        .register(meters).increment();
            }

            @Override
            public void crashed() {
                crashed.increment();
            }
        };
    }

    private void registerGauges(MeterRegistry meters) {
        Gauge.builder("gleaner.farm.capacity", workers, List::size).description("Browsers on this node").register(meters);
        Gauge.builder("gleaner.farm.busy", inFlight, Map::size).description("Renders in flight").register(meters);
        Gauge.builder("gleaner.farm.slots", this, p -> p.inFlight.size()).tag("state", "busy")
                .description("Browser slots by state").register(meters);
        Gauge.builder("gleaner.farm.slots", this, p -> Math.max(0, p.usable() - p.inFlight.size())).tag("state", "free")
                .description("Browser slots by state").register(meters);
        Gauge.builder("gleaner.farm.slots", this, p -> p.capacity() - p.usable()).tag("state", "broken")
                .description("Browser slots by state").register(meters);
        Gauge.builder("gleaner.farm.contexts.warm", this, PlaywrightBrowserPool::warmContexts)
                .description("Browser contexts made ahead, ready for the next render").register(meters);
        Gauge.builder("gleaner.farm.chromium.memory", workers, ws -> ws.stream().mapToLong(BrowserWorker::memoryBytes).sum())
                .baseUnit("bytes").description("Proportional set size of this node's Chromium processes").register(meters);
        Gauge.builder("gleaner.farm.chromium.orphans", this, p -> p.orphanChromiumProcesses().size())
                .description("Chromium processes of this node not owned by a live browser (should stay 0)")
                .register(meters);
    }

    @Override
    public void start() {
        List<CompletableFuture<Void>> launches = workers.stream()
                .map(w -> CompletableFuture.runAsync(w::launch, w.executor()))
                .toList();
        CompletableFuture.allOf(launches.toArray(CompletableFuture[]::new)).join();
        idle.addAll(workers);
        running = true;
        supervisor.scheduleWithFixedDelay(this::healBrowsers, HEALTH_INTERVAL.toMillis(), HEALTH_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * A browser found dead is replaced on its own thread, before its next render. Its driver is killed
     * first: a render waiting on a DevTools answer from the dead browser would otherwise wait forever.
     */
    private void healBrowsers() {
        // what a dead browser left behind (its renderers outlive it for a moment, or longer) goes now
        orphanChromiumProcesses().forEach(ProcessHandle::destroyForcibly);
        for (BrowserWorker worker : workers) {
            if (worker.launched() && !worker.chromiumAlive()) {
                worker.killProcesses();
                worker.executor().execute(worker::heal);
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        supervisor.shutdownNow();
        seenChromium.addAll(ownedChromiumProcesses());
        for (BrowserWorker worker : workers) {
            try {
                CompletableFuture.runAsync(worker::close, worker.executor()).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("{} did not close cleanly", worker.name(), e);
            }
            worker.executor().shutdownNow();
        }
        // nothing of ours may outlive the node
        orphanChromiumProcesses().forEach(p -> {
            log.warn("killing Chromium process {} left behind at shutdown", p.pid());
            p.destroyForcibly();
        });
    }

    /**
     * Chromium processes this pool's browsers started that no live browser owns any more. Every process
     * a browser had is remembered (by pid and start time) until it is gone, so a process left behind is
     * found even after its parent died; another pool's processes in the same JVM are never counted.
     */
    List<ProcessHandle> orphanChromiumProcesses() {
        Set<ProcessHandle> owned = ownedChromiumProcesses();
        seenChromium.addAll(owned);
        seenChromium.removeIf(p -> !p.isAlive() || DriverProcess.zombie(p));
        return seenChromium.stream().filter(p -> !owned.contains(p)).toList();
    }

    private Set<ProcessHandle> ownedChromiumProcesses() {
        Set<ProcessHandle> owned = new HashSet<>();
        workers.forEach(w -> owned.addAll(w.chromiumProcesses()));
        return owned;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Start before the web server and the heartbeat; stop after both: the heartbeat deregisters first, then the
        // web server drains the renders in flight (graceful shutdown), and only then do the browsers close.
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 4096;
    }

    @Override
    public Mono<RenderResult> render(RenderRequest request) {
        if (!running) {
            return Mono.just(RenderResult.failed(RenderOutcome.NODE_BUSY, request.url(), 0, "the node is shutting down"));
        }
        long start = System.nanoTime();
        return Mono.defer(() -> {
            // A browser taken from the queue has exactly one owner: the render, or (when the caller cancels
            // between the take and the render's start) the cancellation, which puts it back. Without this a
            // cancel in that window lost the browser for good (PoolCancellationIT).
            AtomicReference<BrowserWorker> handoff = new AtomicReference<>();
            AtomicBoolean abandoned = new AtomicBoolean();
            return Mono.fromCallable(() -> take(handoff, abandoned))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnCancel(() -> {
                        abandoned.set(true);
                        giveBack(handoff.getAndSet(null));
                    })
                    .flatMap(worker -> handoff.compareAndSet(worker, null) ? renderOn(worker, request) : Mono.empty());
        })
                .switchIfEmpty(Mono.fromSupplier(() -> RenderResult.failed(RenderOutcome.NODE_BUSY, request.url(),
                        0, "no browser became free within " + WAIT_FOR_BROWSER.toMillis() + " ms")))
                .doOnNext(result -> {
                    renderTimer.record(Duration.ofNanos(System.nanoTime() - start));
                    recordPhases(result.phases());
                    Counter.builder("gleaner.farm.renders").tag("outcome", result.outcome().name())
                            .description("Renders by outcome").register(meters).increment();
                });
    }

    private void recordPhases(Phases phases) {
        phase("context", phases.contextMs());
        phase("navigation", phases.navigationMs());
        phase("wait", phases.waitMs());
        phase("actions", phases.actionsMs());
        phase("capture", phases.captureMs());
    }

    private void phase(String name, long millis) {
        Timer.builder("gleaner.farm.render.phase").tag("phase", name).description("Time renders spent in each phase")
                .register(meters).record(Duration.ofMillis(millis));
    }

    private BrowserWorker take(AtomicReference<BrowserWorker> handoff, AtomicBoolean abandoned) throws InterruptedException {
        BrowserWorker taken = idle.poll(WAIT_FOR_BROWSER.toMillis(), TimeUnit.MILLISECONDS);
        afterTake.run();
        if (taken == null) {
            return null;
        }
        handoff.set(taken);
        if (abandoned.get() && handoff.compareAndSet(taken, null)) {
            giveBack(taken);
            return null;
        }
        return taken;
    }

    private void giveBack(BrowserWorker worker) {
        if (worker != null) {
            idle.offer(worker);
        }
    }

    private Mono<RenderResult> renderOn(BrowserWorker worker, RenderRequest request) {
        AtomicBoolean cancelled = new AtomicBoolean();
        inFlight.put(request.leaseId(), new Running(cancelled, Instant.now()));
        // The browser goes back when its worker has really finished, and before the result is emitted, so
        // the caller can lease it again at once. A cancelled subscriber only asks the render to stop at its
        // next step; the worker is still busy until then.
        CompletableFuture<RenderResult> rendered = CompletableFuture
                .supplyAsync(() -> worker.render(request, cancelled::get), worker.executor());
        // a page that hangs its browser past the budget (a script that never yields, a dialog Playwright did not
        // dismiss) is not waited on: its browser is killed, which ends the render, and is replaced
        long killAfter = request.timeoutMs() + hangGrace.toMillis();
        ScheduledFuture<?> watchdog = supervisor.schedule(() -> {
            if (!rendered.isDone()) {
                worker.kill("the page stopped responding: the render ran " + hangGrace.toSeconds()
                        + " s past its " + request.timeoutMs() + " ms budget, so its browser was killed and replaced");
            }
        }, killAfter, TimeUnit.MILLISECONDS);
        CompletableFuture<RenderResult> handedBack = rendered.whenComplete((result, error) -> {
            watchdog.cancel(false);
            inFlight.remove(request.leaseId());
            rendersDone.incrementAndGet();
            idle.offer(worker);
        });
        return Mono.fromFuture(handedBack, true).doOnCancel(() -> cancelled.set(true));
    }

    @Override
    public void cancel(String leaseId) {
        Running running = inFlight.get(leaseId);
        if (running != null) {
            running.cancelled().set(true);
        }
    }

    @Override
    public Set<String> activeLeases() {
        return Set.copyOf(inFlight.keySet());
    }

    @Override
    public List<NodeStatus.Render> rendersInFlight() {
        return inFlight.entrySet().stream().map(e -> new NodeStatus.Render(e.getKey(), e.getValue().startedAt()))
                .sorted(Comparator.comparing(NodeStatus.Render::startedAt)).toList();
    }

    @Override
    public long memoryBytes() {
        return workers.stream().mapToLong(BrowserWorker::memoryBytes).sum();
    }

    @Override
    public long rendersDone() {
        return rendersDone.get();
    }

    @Override
    public int capacity() {
        return workers.size();
    }

    @Override
    public int usable() {
        return running ? (int) workers.stream().filter(BrowserWorker::working).count() : 0;
    }

    /** Process ids of every live browser's Chromium processes. */
    Set<Long> chromiumPids() {
        return ownedChromiumProcesses().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** Browsers waiting for a render right now. */
    int idle() {
        return idle.size();
    }

    /** For tests: what runs right after a browser is taken from the queue, before the render starts. */
    void afterTake(Runnable hook) {
        this.afterTake = hook;
    }

    @Override
    public int busy() {
        return inFlight.size();
    }

    @Override
    public int warmContexts() {
        return (int) workers.stream().filter(BrowserWorker::hasWarmContext).count();
    }
}
