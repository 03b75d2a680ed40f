package dev.gleaner.farm.node.pool.playwright;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.Proxy;
import com.microsoft.playwright.options.SameSiteAttribute;
import com.microsoft.playwright.options.ServiceWorkerPolicy;

import dev.gleaner.core.client.scrape.Block;
import dev.gleaner.core.client.scrape.Cookie;
import dev.gleaner.farm.client.render.Device;
import dev.gleaner.farm.client.render.RenderOptions;
import dev.gleaner.farm.node.egress.EgressProxy;
import dev.gleaner.farm.node.egress.EgressSession;

/**
 * One render's isolation: a browser context of its own (cookies, storage, cache), its page and a
 * DevTools session on it, and its own port on the egress proxy. Serves exactly one render, then is
 * closed. Only ever used on its browser's worker thread.
 */
final class RenderContext {

    private static final Logger log = LoggerFactory.getLogger(RenderContext.class);
    /** The API's resource types and the DevTools protocol's names for them. */
    private static final Map<String, String> RESOURCE_TYPES = Map.of("image", "Image", "font", "Font",
            "media", "Media", "stylesheet", "Stylesheet");

    private final EgressSession session;
    private final BrowserContext context;
    private final Page page;
    private final CDPSession cdp;
    private final AtomicInteger blockedByOptions = new AtomicInteger();

    private RenderContext(EgressSession session, BrowserContext context, Page page, CDPSession cdp) {
        this.session = session;
        this.context = context;
        this.page = page;
        this.cdp = cdp;
    }

    /**
     * A context with what must be fixed when it is made (device, user agent, locale, time zone,
     * scripts); {@link RenderOptions#DEFAULT} for one made ahead.
     */
    static RenderContext open(Browser browser, EgressProxy egress, RenderOptions options) {
        EgressSession session = egress.open();
        BrowserContext context = null;
        try {
            context = browser.newContext(contextOptions(options, session));
            Page page = context.newPage();
            return new RenderContext(session, context, page, context.newCDPSession(page));
        } catch (RuntimeException e) {
            if (context != null) {
                closeQuietly(context);
            }
            session.close();
            throw e;
        }
    }

    private static Browser.NewContextOptions contextOptions(RenderOptions options, EgressSession session) {
        Browser.NewContextOptions created = new Browser.NewContextOptions()
                // service workers would outlive the render; none may register
                .setServiceWorkers(ServiceWorkerPolicy.BLOCK)
                .setAcceptDownloads(false)
                .setProxy(new Proxy(session.proxyUrl()).setBypass(BrowserWorker.NO_BYPASS));
        if (options.device() != null) {
            Device device = Device.named(options.device())
                    .orElseThrow(() -> new IllegalArgumentException("unknown device " + options.device()));
            created.setUserAgent(device.userAgent())
                    .setViewportSize(device.viewport().width(), device.viewport().height())
                    .setDeviceScaleFactor(device.deviceScaleFactor())
                    .setIsMobile(device.isMobile())
                    .setHasTouch(device.hasTouch());
            if (device.screen() != null) {
                created.setScreenSize(device.screen().width(), device.screen().height());
            }
        }
        if (options.viewport() != null) {
            created.setViewportSize(options.viewport().width(), options.viewport().height());
        }
        if (options.userAgent() != null) {
            created.setUserAgent(options.userAgent());
        }
        if (options.locale() != null) {
            created.setLocale(options.locale());
        }
        if (options.timezoneId() != null) {
            created.setTimezoneId(options.timezoneId());
        }
        if (Boolean.FALSE.equals(options.javaScriptEnabled())) {
            created.setJavaScriptEnabled(false);
        }
        return created;
    }

    /** Applies what can be set on any context before navigating: viewport, headers, cookies, blocking. */
    void apply(RenderOptions options, String url) {
        if (options.viewport() != null && !options.needsOwnContext()) {
            page.setViewportSize(options.viewport().width(), options.viewport().height());
        }
        if (!options.headers().isEmpty()) {
            context.setExtraHTTPHeaders(options.headers());
        }
        if (!options.cookies().isEmpty()) {
            context.addCookies(options.cookies().stream().map(c -> cookie(c, url)).toList());
        }
        if (options.block() != null) {
            block(options.block());
        }
    }

    private static com.microsoft.playwright.options.Cookie cookie(Cookie c, String url) {
        com.microsoft.playwright.options.Cookie cookie = new com.microsoft.playwright.options.Cookie(c.name(), c.value());
        if (c.domain() != null) {
            cookie.setDomain(c.domain()).setPath(c.path() == null ? "/" : c.path());
        } else {
            cookie.setUrl(c.url() != null ? c.url() : url);
        }
        if (c.expires() != null) {
            cookie.setExpires(c.expires());
        }
        if (c.httpOnly() != null) {
            cookie.setHttpOnly(c.httpOnly());
        }
        if (c.secure() != null) {
            cookie.setSecure(c.secure());
        }
        if (c.sameSite() != null) {
            cookie.setSameSite(SameSiteAttribute.valueOf(c.sameSite().toUpperCase(Locale.ROOT)));
        }
        return cookie;
    }

    /**
     * Fails matching requests inside the browser. The DevTools protocol's request interception pauses
     * only requests that match its patterns, so every other request goes out as if nothing was asked.
     */
    private void block(Block block) {
        JsonArray patterns = new JsonArray();
        List<String> types = block.resourceTypes() == null ? List.of() : block.resourceTypes();
        for (String type : types) {
            patterns.add(pattern("*", RESOURCE_TYPES.get(type)));
        }
        List<String> urls = block.urlPatterns() == null ? List.of() : block.urlPatterns();
        for (String url : urls) {
            patterns.add(pattern(url, null));
        }
        if (patterns.isEmpty()) {
            return;
        }
        cdp.on("Fetch.requestPaused", event -> {
            blockedByOptions.incrementAndGet();
            JsonObject fail = new JsonObject();
            fail.addProperty("requestId", event.get("requestId").getAsString());
            fail.addProperty("errorReason", "BlockedByClient");
            cdp.send("Fetch.failRequest", fail);
        });
        JsonObject enable = new JsonObject();
        enable.add("patterns", patterns);
        cdp.send("Fetch.enable", enable);
    }

    private static JsonObject pattern(String url, String resourceType) {
        JsonObject pattern = new JsonObject();
        pattern.addProperty("urlPattern", url);
        if (resourceType != null) {
            pattern.addProperty("resourceType", resourceType);
        }
        pattern.addProperty("requestStage", "Request");
        return pattern;
    }

    EgressSession session() {
        return session;
    }

    Page page() {
        return page;
    }

    CDPSession cdp() {
        return cdp;
    }

    /** Requests failed in the browser because the render's {@code block} option matched them. */
    int blockedByOptions() {
        return blockedByOptions.get();
    }

    /** Closes the context (its page with it) and its proxy port. */
    void close(String worker) {
        try {
            context.close();
        } catch (PlaywrightException e) {
            log.warn("{}: closing a browser context failed: {}", worker, BrowserWorker.firstLine(e.getMessage()));
        } finally {
            session.close();
        }
    }

    private static void closeQuietly(BrowserContext context) {
        try {
            context.close();
        } catch (PlaywrightException e) {
            log.debug("closing a half-made browser context failed", e);
        }
    }
}
