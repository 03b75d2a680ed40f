package dev.gleaner.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;

import dev.gleaner.testsupport.TestChromium;

/**
 * The admin console in real Chromium, driven as an operator would: one browser for every test of a class, a
 * fresh browser context (its own cookies) per operator. Screenshots are kept under
 * {@code e2e/target/console-screenshots} as test artifacts.
 */
final class Console implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final Playwright playwright;
    private final Browser browser;
    private final String url;

    private final boolean ownsBrowser;

    Console(String url) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        this.url = url;
        this.playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
        this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(TestChromium.path()).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--no-first-run")));
        this.ownsBrowser = true;
    }

    private Console(Console sharing, String url) {
        this.url = url;
        this.playwright = sharing.playwright;
        this.browser = sharing.browser;
        this.ownsBrowser = false;
    }

    /** Another console (another admin-ui instance) driven in this one's browser. */
    Console at(String otherUrl) {
        return new Console(this, otherUrl);
    }

    /** A new operator's browser (no cookies yet), 1280 px wide. */
    Page newOperator() {
        return newOperator(1280, 900);
    }

    /** A new operator's browser of that size (768 × 1024: a tablet held upright). */
    Page newOperator(int width, int height) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
        Page page = context.newPage();
        page.setDefaultTimeout(30_000);
        return page;
    }

    /** Opens a view by its path, e.g. {@code /tenants}, and waits until Vaadin has nothing in flight. */
    void open(Page page, String path) {
        page.navigate(url + path);
        settle(page);
    }

    void signIn(Page page, String username, String password) {
        open(page, "/login");
        page.locator("input[name=username]").fill(username);
        page.locator("input[name=password]").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
        page.waitForLoadState();
        settle(page);
    }

    /** Waits until no Vaadin client has a request to the server in flight. */
    static void settle(Page page) {
        page.waitForFunction("() => !window.Vaadin || !window.Vaadin.Flow || !window.Vaadin.Flow.clients"
                + " || Object.values(window.Vaadin.Flow.clients).every(c => !c.isActive || !c.isActive())");
    }

    static Locator notification(Page page, String text) {
        return page.locator("vaadin-notification-card").filter(new Locator.FilterOptions().setHasText(text));
    }

    /** A grid's cell showing {@code text} (grid rows are virtualised: only shown rows have cells). */
    static Locator cell(Page page, String gridId, String text) {
        return page.locator("#" + gridId + " vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText(text));
    }

    /** Picks {@code item} in a vaadin-select. */
    static void choose(Page page, String selectId, String item) {
        page.locator("#" + selectId).click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText(item)).first().click();
        settle(page);
    }

    static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        if (!ownsBrowser) {
            return;
        }
        browser.close();
        playwright.close();
    }
}
