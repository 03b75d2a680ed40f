package dev.gleaner.farm.node.pool.playwright;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitUntilState;

import dev.gleaner.farm.client.render.RenderOptions;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.client.render.WaitUntil;
import dev.gleaner.farm.node.egress.EgressProxy;
import dev.gleaner.farm.node.egress.EgressSession;

/**
 * One Chromium and the Playwright instance that drives it, owned by one thread: Playwright
 * objects are not thread-safe, so every call on them runs on {@link #executor()}.
 */
final class BrowserWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrowserWorker.class);
    private static final long WAIT_SLICE_MS = 200;
    private static final long POLL_MS = 50;
    /** Chromium bypasses proxies for loopback unless told not to: nothing may bypass the egress guard. */
    static final String NO_BYPASS = "<-loopback>";
    private static final List<String> KEPT_ENVIRONMENT = List.of("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ",
            "FONTCONFIG_PATH", "XDG_CACHE_HOME", "XDG_CONFIG_HOME");

    private final String name;
    private final Path chromium;
    private final List<String> args;
    private final ExecutorService thread;
    private Playwright playwright;
    private Browser browser;
    private volatile boolean working;
    /** The next render's context, made ahead; only touched on this worker's thread. */
    private RenderContext warm;

    BrowserWorker(String name, Path chromium, List<String> args) {
        this.name = name;
        this.chromium = chromium;
        this.args = args;
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

    /** Whether this worker's Chromium launched and is still connected (a failed relaunch leaves it false). */
    boolean working() {
        return working && browser != null && browser.isConnected();
    }

    /** Starts Playwright and Chromium; call on {@link #executor()}. */
    void launch() {
        working = false;
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(cleanEnvironment()));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium)
                .setHeadless(true)
                .setArgs(args)
                .setEnv(cleanEnvironment()));
        working = true;
        log.info("{} launched Chromium {} from {}", name, browser.version(), chromium);
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
    RenderResult render(RenderRequest request, EgressProxy egress, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        if (browser == null || !browser.isConnected()) {
            log.warn("{}: Chromium is gone, relaunching", name);
            discardWarm();
            closeQuietly();
            launch();
        }
        RenderOptions options = request.options();
        RenderContext context;
        if (options.needsOwnContext()) {
            context = RenderContext.open(browser, egress, options);
        } else {
            context = warm != null ? warm : RenderContext.open(browser, egress, RenderOptions.DEFAULT);
            warm = null;
        }
        try {
            return renderIn(context, request, cancelled, start);
        } finally {
            // closing the used context and preparing the next one run after the result is handed back,
            // before any other render on this thread (the executor is first in, first out)
            thread.execute(() -> {
                context.close(name);
                prepare(egress);
            });
        }
    }

    /**
     * Makes the next render's context (and page) ready while nothing waits for this browser; call on
     * {@link #executor()}. A failure only means the next render makes its own.
     */
    void prepare(EgressProxy egress) {
        if (warm != null || browser == null || !browser.isConnected()) {
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

    private RenderResult renderIn(RenderContext context, RenderRequest request, BooleanSupplier cancelled, long start) {
        RenderOptions options = request.options();
        Page page = context.page();
        EgressSession session = context.session();
        AtomicReference<String> lastNavigation = new AtomicReference<>(request.url());
        page.onRequest(r -> {
            if (r.isNavigationRequest() && r.frame() == page.mainFrame()) {
                lastNavigation.set(r.url());
            }
        });
        long deadline = start + request.timeoutMs() * 1_000_000L;
        try {
            context.apply(options, request.url());
            page.setDefaultTimeout(request.timeoutMs());
            Response response = page.navigate(request.url(), new Page.NavigateOptions()
                    .setTimeout(Math.max(1, remainingMs(deadline)))
                    .setWaitUntil(waitUntil(options.waitUntilOrDefault())));
            long navigationMs = millisSince(start);
            String refused = response == null ? null : response.headerValue(EgressProxy.REFUSED_HEADER);
            if (refused != null) {
                return refusal(request, start, refused, session);
            }
            IsolatedWorld world = IsolatedWorld.of(context.cdp());
            String selector = options.waitForSelector();
            if (selector != null && !selector.isBlank() && !waitForSelector(page, world, selector, deadline, cancelled)) {
                return RenderResult.failed(cancelled.getAsBoolean() ? RenderOutcome.CANCELLED : RenderOutcome.TIMEOUT,
                        request.url(), millisSince(start),
                        "selector '" + selector + "' did not appear within " + request.timeoutMs() + " ms");
            }
            if (options.waitForMs() != null && options.waitForMs() > 0
                    && !pause(page, options.waitForMs(), deadline, cancelled)) {
                return RenderResult.failed(RenderOutcome.CANCELLED, request.url(), millisSince(start), "lease ended");
            }
            IsolatedWorld.Capture capture = world.capture();
            return new RenderResult(RenderOutcome.OK, request.url(), page.url(),
                    response == null ? 0 : response.status(), capture.html(), capture.title(),
                    navigationMs, millisSince(start), null, session.blocked());
        } catch (IsolatedWorld.InvalidSelectorException e) {
            return RenderResult.failed(RenderOutcome.INVALID_REQUEST, request.url(), millisSince(start),
                    "waitForSelector: " + e.getMessage());
        } catch (TimeoutError e) {
            return RenderResult.failed(RenderOutcome.TIMEOUT, request.url(), millisSince(start),
                    "page did not load within " + request.timeoutMs() + " ms");
        } catch (PlaywrightException e) {
            // an https document (or hop) refused at CONNECT fails the navigation itself
            return session.refusalFor(lastNavigation.get())
                    .map(reason -> refusal(request, start, reason, session))
                    .orElseGet(() -> RenderResult.failed(RenderOutcome.NAVIGATION_FAILED, request.url(), millisSince(start),
                            firstLine(e.getMessage())));
        }
    }

    private static WaitUntilState waitUntil(WaitUntil waitUntil) {
        return switch (waitUntil) {
            case LOAD -> WaitUntilState.LOAD;
            case DOMCONTENTLOADED -> WaitUntilState.DOMCONTENTLOADED;
            case NETWORKIDLE -> WaitUntilState.NETWORKIDLE;
        };
    }

    private static RenderResult refusal(RenderRequest request, long start, String reason, EgressSession session) {
        return new RenderResult(RenderOutcome.TARGET_REFUSED, request.url(), null, 0, null, null, 0, millisSince(start),
                reason, session.blocked());
    }

    /** Checks at once, then every {@value #POLL_MS} ms, until the selector is visible, the lease ends or time is up. */
    private static boolean waitForSelector(Page page, IsolatedWorld world, String selector, long deadline,
            BooleanSupplier cancelled) {
        while (!cancelled.getAsBoolean()) {
            if (world.visible(selector)) {
                return true;
            }
            long left = remainingMs(deadline);
            if (left <= 0) {
                return false;
            }
            // Playwright's wait, not a sleep: it goes on dispatching the page's events meanwhile
            page.waitForTimeout(Math.min(POLL_MS, left));
        }
        return false;
    }

    private static boolean pause(Page page, long millis, long deadline, BooleanSupplier cancelled) {
        long until = Math.min(System.nanoTime() + millis * 1_000_000L, deadline);
        while (System.nanoTime() < until) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            page.waitForTimeout(Math.max(1, Math.min(WAIT_SLICE_MS, (until - System.nanoTime()) / 1_000_000L)));
        }
        return true;
    }

    private static long remainingMs(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000L;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000L;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown browser error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private void closeQuietly() {
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
        browser = null;
        playwright = null;
    }

    /** Closes Chromium and the driver; call on {@link #executor()}, then shut the executor down. */
    @Override
    public void close() {
        discardWarm();
        closeQuietly();
    }
}
