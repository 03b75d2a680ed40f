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
 * The ceiling: Playwright driving the same Chromium with the farm's launch flags, a fresh
 * context per render, and nothing of Gleaner around it. With {@code intercept}, every request
 * is fetched through {@code route.fetch} and fulfilled, the mechanism the farm's guard is built
 * on, so its cost can be told apart from the guard's own.
 */
final class BarePlaywright implements Scenario {

    /** The flags the farm node launches Chromium with (PlaywrightBrowserPool.BASE_ARGS). */
    private static final List<String> FARM_FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");

    private final Path chromium;
    private final String url;
    private final String selector;
    private final boolean intercept;

    BarePlaywright(Path chromium, String url, String selector, boolean intercept) {
        this.chromium = chromium;
        this.url = url;
        this.selector = selector;
        this.intercept = intercept;
    }

    @Override
    public String name() {
        return intercept ? "bare Playwright, every request through route.fetch" : "bare Playwright (ceiling)";
    }

    @Override
    public Renderer newRenderer() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium).setHeadless(true).setArgs(FARM_FLAGS));
        return new Renderer() {
            @Override
            public String render() {
                try (BrowserContext context = browser.newContext()) {
                    if (intercept) {
                        context.route("**/*", route -> route.fulfill(new Route.FulfillOptions()
                                .setResponse(route.fetch(new Route.FetchOptions().setMaxRedirects(0)))));
                    }
                    Page page = context.newPage();
                    page.navigate(url, new Page.NavigateOptions().setWaitUntil(WaitUntilState.LOAD));
                    page.waitForSelector(selector);
                    return page.content();
                }
            }

            @Override
            public void close() {
                playwright.close();
            }
        };
    }
}
