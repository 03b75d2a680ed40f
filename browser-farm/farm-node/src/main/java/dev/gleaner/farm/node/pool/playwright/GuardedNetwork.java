package dev.gleaner.farm.node.pool.playwright;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Route;

import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;

/**
 * Puts every request of a browser context through the target guard. Navigation requests
 * (documents and frames) are fetched one hop at a time (no automatic redirects) and handed
 * back to the browser, so each redirect hop comes back through the guard too.
 */
final class GuardedNetwork {

    private final TargetGuard guard;
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    GuardedNetwork(TargetGuard guard) {
        this.guard = guard;
    }

    void install(BrowserContext context) {
        context.route("**/*", this::handle);
    }

    private void handle(Route route) {
        String url = route.request().url();
        if (url.startsWith("data:") || url.startsWith("blob:")) {
            route.resume();
            return;
        }
        TargetVerdict verdict = guard.check(url);
        if (verdict instanceof TargetVerdict.Refused refusal) {
            refused.put(url, refusal.reason());
            route.abort("blockedbyclient");
            return;
        }
        if (route.request().isNavigationRequest()) {
            APIResponse hop = route.fetch(new Route.FetchOptions().setMaxRedirects(0));
            route.fulfill(new Route.FulfillOptions().setResponse(hop));
            return;
        }
        route.resume();
    }

    /** Why the guard refused this URL, or a redirect hop of a navigation; null if it did not. */
    String refusalOf(String url) {
        String direct = refused.get(url);
        if (direct != null || refused.isEmpty()) {
            return direct;
        }
        return refused.values().iterator().next();
    }
}
