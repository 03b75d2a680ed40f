package dev.gleaner.farm.node.pool.playwright;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * and {@link #finalDocumentUrl()} reports where the chain ended. Documents and scripts carry a
 * policy that keeps connections on http(s), so WebSockets, which are not routed, cannot go
 * around the guard.
 */
final class GuardedNetwork {

    private static final int MAX_REDIRECTS = 10;
    private static final List<Pattern> HEAD_TAGS = List.of(
            Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE),
            Pattern.compile("<html(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE),
            Pattern.compile("<!doctype[^>]*>", Pattern.CASE_INSENSITIVE));
    /** Connections (fetch, XHR, EventSource, WebSocket, WebTransport) only over http(s), which are routed. */
    static final String CONNECT_POLICY = "connect-src http: https: data: blob:";
    private static final String CONNECT_POLICY_META =
            "<meta http-equiv=\"Content-Security-Policy\" content=\"" + CONNECT_POLICY + "\">";

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
            }
            fulfill(route, response, mainDocument && hop > 0 ? current : null);
            return;
        }
        route.abort("failed");
    }

    /**
     * Hands the fetched response to the browser. Documents and scripts get a policy that allows
     * connections only over http(s), which this route guards: WebSockets are not routed, so
     * without it a page, or a worker it starts, could open one to any address. Documents carry
     * it as a {@code <meta>} element (their body is rewritten, byte for byte, so no charset is
     * touched; headers stay exactly as the server sent them), scripts as a header, which is where
     * a worker takes its policy from. A redirected main document also gets a {@code <base>}.
     */
    private static void fulfill(Route route, APIResponse response, String redirectedTo) {
        String type = response.headers().getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        if (type.contains("html")) {
            String head = CONNECT_POLICY_META;
            byte[] body = response.body();
            if (redirectedTo != null && !latin1(body).toLowerCase(Locale.ROOT).contains("<base")) {
                head += "<base href=\"" + redirectedTo.replace("\"", "%22").replace("<", "%3C") + "\">";
            }
            route.fulfill(new Route.FulfillOptions().setResponse(response).setBodyBytes(intoHead(body, head)));
        } else if (type.contains("javascript") || type.contains("ecmascript")) {
            Map<String, String> headers = new LinkedHashMap<>(response.headers());
            headers.merge("content-security-policy", CONNECT_POLICY, (theirs, ours) -> theirs + ", " + ours);
            route.fulfill(new Route.FulfillOptions().setResponse(response).setHeaders(headers));
        } else {
            route.fulfill(new Route.FulfillOptions().setResponse(response));
        }
    }

    /** Inserts ASCII markup right after {@code <head>} (or {@code <html>}, or the doctype), else first. */
    static byte[] intoHead(byte[] html, String markup) {
        String text = latin1(html); // one char per byte, so indexes are byte offsets
        int at = 0;
        for (Pattern tag : HEAD_TAGS) {
            Matcher m = tag.matcher(text);
            if (m.find()) {
                at = m.end();
                break;
            }
        }
        byte[] inserted = markup.getBytes(StandardCharsets.US_ASCII);
        byte[] result = new byte[html.length + inserted.length];
        System.arraycopy(html, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(html, at, result, at + inserted.length, html.length - at);
        return result;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
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
