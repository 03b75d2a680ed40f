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
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.Proxy;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import com.microsoft.playwright.options.WaitUntilState;

import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.node.egress.EgressProxy;
import dev.gleaner.farm.node.egress.EgressSession;

/**
 * One Chromium and the Playwright instance that drives it, owned by one thread: Playwright
 * objects are not thread-safe, so every call on them runs on {@link #executor()}.
 */
final class BrowserWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrowserWorker.class);
    private static final long WAIT_SLICE_MS = 200;
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
     * Renders one page in a fresh context whose every request goes through its own port on the egress
     * proxy; call on {@link #executor()}. A refused main document (or redirect hop of it) makes the render
     * a refusal; any other refused or unreachable request fails alone and is listed in the result.
     */
    RenderResult render(RenderRequest request, EgressProxy egress, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        if (browser == null || !browser.isConnected()) {
            log.warn("{}: Chromium is gone, relaunching", name);
            closeQuietly();
            launch();
        }
        try (EgressSession session = egress.open()) {
            // service workers would outlive the render; none may register
            BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setServiceWorkers(ServiceWorkerPolicy.BLOCK)
                    .setProxy(new Proxy(session.proxyUrl()).setBypass(NO_BYPASS)));
            try {
                return renderIn(context, session, request, cancelled, start);
            } finally {
                closeContext(context);
            }
        }
    }

    private RenderResult renderIn(BrowserContext context, EgressSession session, RenderRequest request,
            BooleanSupplier cancelled, long start) {
        Page page = context.newPage();
        AtomicReference<String> lastNavigation = new AtomicReference<>(request.url());
        page.onRequest(r -> {
            if (r.isNavigationRequest() && r.frame() == page.mainFrame()) {
                lastNavigation.set(r.url());
            }
        });
        try {
            page.setDefaultTimeout(request.timeoutMs());
            Response response = page.navigate(request.url(), new Page.NavigateOptions()
                    .setTimeout(request.timeoutMs())
                    .setWaitUntil(WaitUntilState.LOAD));
            long navigationMs = millisSince(start);
            String refused = response == null ? null : response.headerValue(EgressProxy.REFUSED_HEADER);
            if (refused != null) {
                return refusal(request, start, refused, session);
            }
            long deadline = start + request.timeoutMs() * 1_000_000L;
            if (request.waitForSelector() != null && !request.waitForSelector().isBlank()
                    && !waitForSelector(page, request.waitForSelector(), deadline, cancelled)) {
                return RenderResult.failed(cancelled.getAsBoolean() ? RenderOutcome.CANCELLED : RenderOutcome.TIMEOUT,
                        request.url(), millisSince(start),
                        "selector '" + request.waitForSelector() + "' did not appear within " + request.timeoutMs() + " ms");
            }
            if (request.waitForMs() != null && request.waitForMs() > 0
                    && !pause(page, request.waitForMs(), deadline, cancelled)) {
                return RenderResult.failed(RenderOutcome.CANCELLED, request.url(), millisSince(start), "lease ended");
            }
            return new RenderResult(RenderOutcome.OK, request.url(), page.url(),
                    response == null ? 0 : response.status(), page.content(), page.title(),
                    navigationMs, millisSince(start), null, session.blocked());
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

    private static RenderResult refusal(RenderRequest request, long start, String reason, EgressSession session) {
        return new RenderResult(RenderOutcome.TARGET_REFUSED, request.url(), null, 0, null, null, 0, millisSince(start),
                reason, session.blocked());
    }

    private static boolean waitForSelector(Page page, String selector, long deadline, BooleanSupplier cancelled) {
        while (!cancelled.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                page.waitForSelector(selector, new Page.WaitForSelectorOptions()
                        .setTimeout(Math.max(1, Math.min(WAIT_SLICE_MS, remainingMs(deadline)))));
                return true;
            } catch (TimeoutError e) {
                // not there yet: check the lease and the budget, then wait another slice
            }
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

    private void closeContext(BrowserContext context) {
        try {
            context.close();
        } catch (PlaywrightException e) {
            log.warn("{}: closing a browser context failed: {}", name, firstLine(e.getMessage()));
        }
        // Belt and braces: nothing but the render's own context may outlive a render.
        for (BrowserContext stray : browser.contexts()) {
            log.warn("{}: closing a stray browser context", name);
            stray.close();
        }
    }

    private static long remainingMs(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000L;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000L;
    }

    private static String firstLine(String message) {
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
        closeQuietly();
    }
}
