package dev.gleaner.farm.node.pool.playwright;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.node.egress.EgressProxy;

/**
 * One Chromium and the Playwright instance that drives it, owned by one thread: Playwright
 * objects are not thread-safe, so every call on them runs on {@link #executor()}.
 */
final class BrowserWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrowserWorker.class);
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
            return new PageRender(context, request, cancelled, start).run();
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
