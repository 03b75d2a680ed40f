package dev.gleaner.farm.node.pool.playwright;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.Proxy;
import com.microsoft.playwright.options.ServiceWorkerPolicy;

import dev.gleaner.farm.node.egress.EgressProxy;
import dev.gleaner.farm.node.egress.EgressSession;

/**
 * One render's isolation: a browser context of its own (cookies, storage, cache), its page and a
 * DevTools session on it, and its own port on the egress proxy. Serves exactly one render, then is
 * closed. Only ever used on its browser's worker thread.
 */
record RenderContext(EgressSession session, BrowserContext context, Page page, CDPSession cdp) {

    private static final Logger log = LoggerFactory.getLogger(RenderContext.class);

    static RenderContext open(Browser browser, EgressProxy egress) {
        EgressSession session = egress.open();
        BrowserContext context = null;
        try {
            // service workers would outlive the render; none may register
            context = browser.newContext(new Browser.NewContextOptions()
                    .setServiceWorkers(ServiceWorkerPolicy.BLOCK)
                    .setAcceptDownloads(false)
                    .setProxy(new Proxy(session.proxyUrl()).setBypass(BrowserWorker.NO_BYPASS)));
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
