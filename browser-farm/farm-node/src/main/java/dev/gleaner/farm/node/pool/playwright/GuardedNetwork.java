package dev.gleaner.farm.node.pool.playwright;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Route;

import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;

/**
 * Puts every request of a browser context, and every redirect hop of it, through the target
 * guard. Chromium follows redirects of intercepted requests without asking the route again, so
 * the node fetches each request itself one hop at a time (checking every Location before it
 * follows it) and hands the browser only the final response. For a main document that was
 * redirected, a {@code <base>} element pointing at the final URL keeps relative links right,
 * and {@link #finalDocumentUrl()} reports where the chain ended.
 */
final class GuardedNetwork {

    private static final int MAX_REDIRECTS = 10;
    private static final Pattern HEAD = Pattern.compile("<head[^>]*>", Pattern.CASE_INSENSITIVE);

    private final TargetGuard guard;
    private volatile String navigationRefusal;
    private volatile String finalDocumentUrl;

    GuardedNetwork(TargetGuard guard) {
        this.guard = guard;
    }

    void install(BrowserContext context) {
        context.route("**/*", this::handle);
    }

    private void handle(Route route) {
        Request request = route.request();
        String current = request.url();
        if (current.startsWith("data:") || current.startsWith("blob:")) {
            route.resume();
            return;
        }
        boolean mainDocument = request.isNavigationRequest() && request.frame().parentFrame() == null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            TargetVerdict verdict = guard.check(current);
            if (verdict instanceof TargetVerdict.Refused refusal) {
                if (request.isNavigationRequest() && navigationRefusal == null) {
                    navigationRefusal = refusal.reason();
                }
                route.abort("blockedbyclient");
                return;
            }
            APIResponse response = route.fetch(new Route.FetchOptions().setUrl(current).setMaxRedirects(0));
            String location = response.headers().get("location");
            if (response.status() >= 300 && response.status() < 400 && location != null) {
                current = URI.create(current).resolve(location.trim()).toString();
                response.dispose();
                continue;
            }
            if (mainDocument && hop > 0) {
                finalDocumentUrl = current;
                fulfillWithBase(route, response, current);
            } else {
                route.fulfill(new Route.FulfillOptions().setResponse(response));
            }
            return;
        }
        route.abort("failed");
    }

    private static void fulfillWithBase(Route route, APIResponse response, String baseUrl) {
        String type = response.headers().getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        if (!type.contains("html")) {
            route.fulfill(new Route.FulfillOptions().setResponse(response));
            return;
        }
        String html = response.text();
        if (!html.toLowerCase(Locale.ROOT).contains("<base")) {
            String base = "<base href=\"" + baseUrl.replace("\"", "%22") + "\">";
            Matcher head = HEAD.matcher(html);
            html = head.find() ? html.substring(0, head.end()) + base + html.substring(head.end()) : base + html;
        }
        route.fulfill(new Route.FulfillOptions().setResponse(response).setBody(html));
    }

    /** Why the guard refused a navigation (the page or one of its redirect hops); null if it did not. */
    String navigationRefusal() {
        return navigationRefusal;
    }

    /** Where the main document's redirect chain ended; null when it was not redirected. */
    String finalDocumentUrl() {
        return finalDocumentUrl;
    }
}
