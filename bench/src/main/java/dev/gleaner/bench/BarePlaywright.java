package dev.gleaner.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.WaitUntilState;

/**
 * The ceilings: Playwright driving the same Chromium with the farm's launch flags and nothing of
 * Gleaner around it, in one of three {@link Mode}s.
 */
final class BarePlaywright implements Scenario {

    /** The flags the farm node launches Chromium with (PlaywrightBrowserPool.BASE_ARGS). */
    private static final List<String> FARM_FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");

    private final Path chromium;
    private final String url;
    private final String selector;
    private final Mode mode;

    /** How the bare loop renders. */
    enum Mode {
        /** A fresh context per render: the isolated ceiling, what a user's own loop would do. */
        FRESH_CONTEXT("bare Playwright, fresh context per render (ceiling)"),
        /** As {@link #FRESH_CONTEXT}, every request fetched through {@code route.fetch} and fulfilled. */
        ROUTE_FETCH("bare Playwright, every request through route.fetch"),
        /**
         * One context and its page for every render of a thread, navigated again each time: no
         * isolation at all (cookies, storage and cache carry over), the physical limit.
         */
        REUSED_CONTEXT("bare Playwright, one context reused (no isolation)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    BarePlaywright(Path chromium, String url, String selector, Mode mode) {
        this.chromium = chromium;
        this.url = url;
        this.selector = selector;
        this.mode = mode;
    }

    @Override
    public String name() {
        return mode.label;
    }

    @Override
    public Renderer newRenderer() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium).setHeadless(true).setArgs(FARM_FLAGS));
        Page reused = mode == Mode.REUSED_CONTEXT ? browser.newContext().newPage() : null;
        return new Renderer() {
            @Override
            public String render() {
                if (reused != null) {
                    return load(reused);
                }
                try (BrowserContext context = browser.newContext()) {
                    if (mode == Mode.ROUTE_FETCH) {
                        context.route("**/*", route -> route.fulfill(new Route.FulfillOptions()
                                .setResponse(route.fetch(new Route.FetchOptions().setMaxRedirects(0)))));
                    }
                    return load(context.newPage());
                }
            }

            private String load(Page page) {
                page.navigate(url, new Page.NavigateOptions().setWaitUntil(WaitUntilState.LOAD));
                page.waitForSelector(selector);
                return page.content();
            }

            @Override
            public void close() {
                playwright.close();
            }
        };
    }
}
