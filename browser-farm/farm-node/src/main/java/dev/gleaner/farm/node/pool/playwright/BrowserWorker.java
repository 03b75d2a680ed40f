package dev.gleaner.farm.node.pool.playwright;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;

import dev.gleaner.farm.client.render.RenderOptions;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.node.egress.EgressProxy;

/**
 * One Chromium, the Playwright driver process that drives it, and the thread that owns both:
 * Playwright objects are not thread-safe, so every call on them runs on {@link #executor()}. The
 * worker knows its processes (the driver it started, Chromium under it), so it can tell a dead
 * browser from a live one without asking Playwright, kill a browser whose page hangs, and leave
 * nothing behind when it closes.
 */
final class BrowserWorker implements AutoCloseable {

    /** What happens to workers, for the pool's metrics. */
    interface Events {
        void launched();

        void recycled(String reason);

        void crashed();
    }

    private static final Logger log = LoggerFactory.getLogger(BrowserWorker.class);
    /** Chromium bypasses proxies for loopback unless told not to: nothing may bypass the egress guard. */
    static final String NO_BYPASS = "<-loopback>";
    private static final List<String> KEPT_ENVIRONMENT = List.of("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ",
            "FONTCONFIG_PATH", "XDG_CACHE_HOME", "XDG_CONFIG_HOME");

    private final String name;
    private final Path chromium;
    private final List<String> args;
    private final EgressProxy egress;
    private final PlaywrightBrowserPool.Recycling recycling;
    private final Events events;
    private final ExecutorService thread;
    private Playwright playwright;
    private Browser browser;
    private volatile DriverProcess driver;
    private volatile boolean working;
    /** Why the browser was killed from outside (its page hung); read by the render it was running. */
    private volatile String killedBecause;
    /** The next render's context, made ahead; only touched on this worker's thread. */
    private RenderContext warm;
    private int renders;

    BrowserWorker(String name, Path chromium, List<String> args, EgressProxy egress,
            PlaywrightBrowserPool.Recycling recycling, Events events) {
        this.name = name;
        this.chromium = chromium;
        this.args = args;
        this.egress = egress;
        this.recycling = recycling;
        this.events = events;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    ExecutorService executor() {
        return thread;
    }

    String name() {
        return name;
    }

    /** Whether this worker's Chromium launched and its process is alive (a failed relaunch leaves it false). */
    boolean working() {
        return working && chromiumAlive();
    }

    /** Whether the browser was launched and not since closed (it may have died meanwhile). */
    boolean launched() {
        return working;
    }

    /** Starts the driver and Chromium, then makes the first context ahead; call on {@link #executor()}. */
    void launch() {
        working = false;
        killedBecause = null;
        playwright = DriverProcess.start(() -> Playwright.create(new Playwright.CreateOptions().setEnv(cleanEnvironment())),
                found -> driver = found);
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium)
                .setHeadless(true)
                .setArgs(args)
                .setEnv(cleanEnvironment()));
        renders = 0;
        working = true;
        events.launched();
        log.info("{} launched Chromium {} from {} (driver pid {})", name, browser.version(), chromium,
                driver == null ? "unknown" : driver.pid());
        prepare();
    }

    /**
     * The environment the Playwright driver and Chromium get: only what they need to run, never
     * the JVM's own (which may hold Redis credentials or other secrets a page exploit could read).
     */
    static Map<String, String> cleanEnvironment() {
        Map<String, String> env = new HashMap<>();
        for (String name : KEPT_ENVIRONMENT) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        return env;
    }

    /**
     * Renders one page in a context of its own whose every request goes through its own port on the
     * egress proxy; call on {@link #executor()}. The context was made ahead while the browser was idle
     * (see {@link #prepare}) when one is ready, and is closed after this render, right after its result
     * is handed back: a context serves exactly one render. A refused main document (or redirect hop of
     * it) makes the render a refusal; any other refused or unreachable request fails alone and is
     * listed in the result.
     */
    RenderResult render(RenderRequest request, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        if (!chromiumAlive()) {
            log.warn("{}: Chromium is gone, replacing it before the render", name);
            events.crashed();
            replace();
        }
        RenderOptions options = request.options();
        RenderContext context = null;
        try {
            if (options.needsOwnContext()) {
                context = RenderContext.open(browser, egress, options);
            } else {
                context = warm != null ? warm : RenderContext.open(browser, egress, RenderOptions.DEFAULT);
                warm = null;
            }
            RenderResult result = new PageRender(context, request, cancelled, start).run();
            return result.outcome() == RenderOutcome.OK ? result : explain(result, request, start);
        } catch (PlaywrightException e) {
            return explain(RenderResult.failed(RenderOutcome.NAVIGATION_FAILED, request.url(),
                    PageRender.millisSince(start), firstLine(e.getMessage())), request, start);
        } finally {
            // closing the used context and what comes after a render run once the result is handed back,
            // before any other render on this thread (the executor is first in, first out)
            RenderContext used = context;
            thread.execute(() -> {
                if (used != null) {
                    used.close(name);
                }
                afterRender();
            });
        }
    }

    /** A failed render whose browser was killed or died meanwhile says so, rather than blaming the page. */
    private RenderResult explain(RenderResult result, RenderRequest request, long start) {
        if (killedBecause != null) {
            return RenderResult.failed(RenderOutcome.TIMEOUT, request.url(), PageRender.millisSince(start),
                    killedBecause);
        }
        if (!chromiumAlive()) {
            return RenderResult.failed(RenderOutcome.BROWSER_CRASHED, request.url(), PageRender.millisSince(start),
                    "the browser crashed during the render; it is being replaced");
        }
        return result;
    }

    /** After each render: replace a dead, killed, worn or bloated browser; then make the next context ahead. */
    private void afterRender() {
        renders++;
        if (!chromiumAlive()) {
            if (killedBecause == null) {
                events.crashed();
            }
            replace();
            return;
        }
        String reason = renders >= recycling.maxRenders() ? "renders"
                : memoryBytes() > recycling.maxMemoryBytes() ? "memory" : null;
        if (reason != null) {
            log.info("{}: replacing Chromium after {} renders ({} MiB): {}", name, renders, memoryBytes() >> 20, reason);
            events.recycled(reason);
            replace();
            return;
        }
        prepare();
    }

    /** Replaces a browser that died while idle; call on {@link #executor()}. */
    void heal() {
        if (working && !chromiumAlive()) {
            if (killedBecause == null) {
                log.warn("{}: Chromium died while idle; replacing it", name);
                events.crashed();
            }
            replace();
        }
    }

    private void replace() {
        discardWarm();
        closeQuietly();
        try {
            launch();
        } catch (PlaywrightException e) {
            log.error("{}: Chromium could not be relaunched; the next render tries again: {}", name,
                    firstLine(e.getMessage()));
        }
    }

    /**
     * Makes the next render's context (and page) ready while nothing waits for this browser; call on
     * {@link #executor()}. A failure only means the next render makes its own.
     */
    void prepare() {
        if (warm != null || browser == null || !chromiumAlive()) {
            return;
        }
        try {
            warm = RenderContext.open(browser, egress, RenderOptions.DEFAULT);
        } catch (PlaywrightException e) {
            log.warn("{}: could not prepare a browser context ahead: {}", name, firstLine(e.getMessage()));
        }
    }

    /** Whether a context is ready for the next render. */
    boolean hasWarmContext() {
        return warm != null;
    }

    private void discardWarm() {
        if (warm != null) {
            RenderContext stale = warm;
            warm = null;
            stale.close(name);
        }
    }

    /**
     * Kills this worker's Chromium from any thread: for a page that hangs past its budget. The render
     * stuck in it fails at once and the browser is replaced after.
     */
    void kill(String why) {
        killedBecause = why;
        log.warn("{}: killing Chromium: {}", name, why);
        killProcesses();
    }

    /**
     * Kills Chromium and the driver over it. The driver goes too: it does not answer a DevTools call
     * that was waiting on a browser that died, so only a closed connection frees the worker's thread.
     */
    void killProcesses() {
        DriverProcess d = driver;
        if (d != null) {
            d.kill();
        }
    }

    /** Whether the Chromium this worker launched is still running (asked of the OS, not of Playwright). */
    boolean chromiumAlive() {
        DriverProcess d = driver;
        if (browser == null) {
            return false;
        }
        // without its driver's process (a driver started some other way), Playwright's word is all there is
        return d == null ? browser.isConnected() : d.chromiumAlive();
    }

    /** This worker's Chromium processes (the browser and its renderers, GPU and utility processes). */
    Set<ProcessHandle> chromiumProcesses() {
        DriverProcess d = driver;
        return d == null ? Set.of() : d.chromium();
    }

    /** What this worker's Chromium processes use (proportional set size), in bytes. */
    long memoryBytes() {
        DriverProcess d = driver;
        return d == null ? 0 : d.memoryBytes();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown browser error";
        }
        // the driver's errors come as "Error {\n  message='...\n  name='...\n  stack='...\n}"
        String marker = "message='";
        int from = message.startsWith("Error {") && message.contains(marker) ? message.indexOf(marker) + marker.length() : 0;
        int nl = message.indexOf('\n', from);
        return nl < 0 ? message.substring(from) : message.substring(from, nl);
    }

    /** Closes Chromium and the driver, then kills whatever of them is still running. */
    private void closeQuietly() {
        working = false;
        Set<ProcessHandle> processes = driver == null ? Set.of() : driver.all();
        try {
            if (browser != null) {
                browser.close();
            }
        } catch (PlaywrightException e) {
            log.debug("{}: browser close failed", name, e);
        }
        try {
            if (playwright != null) {
                playwright.close();
            }
        } catch (PlaywrightException e) {
            log.debug("{}: playwright close failed", name, e);
        }
        processes.stream().filter(ProcessHandle::isAlive).forEach(p -> {
            log.warn("{}: process {} outlived its browser; killing it", name, p.pid());
            p.destroyForcibly();
        });
        browser = null;
        playwright = null;
        driver = null;
    }

    /** Closes Chromium and the driver; call on {@link #executor()}, then shut the executor down. */
    @Override
    public void close() {
        discardWarm();
        closeQuietly();
    }
}
