package dev.gleaner.farm.client.render;

import java.util.List;
import java.util.Map;

/**
 * What a node returns for one render.
 *
 * @param outcome       how the render ended; only {@link RenderOutcome#OK} carries a page
 * @param url           the URL that was asked for
 * @param finalUrl      the URL of the main frame after redirects
 * @param statusCode    HTTP status of the main document, 0 when there was none
 * @param headers       the main document's response headers (names lower-case)
 * @param html          the serialized DOM after scripts and actions ran, when {@code html} was asked for
 * @param title         the document title
 * @param renderMs      time from the node receiving the call to the page being captured
 * @param phases        where that time went
 * @param detail        a human-readable reason when the outcome is not OK
 * @param blocked       requests of the page that were refused or could not be reached (each failed alone)
 * @param consoleErrors the page's console errors and uncaught exceptions, at most 50
 * @param actions       one result per action run, in order (up to and including a failed one)
 * @param artifacts     screenshots and PDFs
 * @param failedAction  the index of the action that failed ({@link RenderOutcome#ACTION_FAILED})
 * @param redirects     the main document's requests after the first, when it redirected: each hop's URL and the
 *                      status it answered (the last one's is {@code statusCode}), for the policy gate to charge to
 *                      their domains
 */
public record RenderResult(
        RenderOutcome outcome,
        String url,
        String finalUrl,
        int statusCode,
        Map<String, String> headers,
        String html,
        String title,
        long renderMs,
        Phases phases,
        String detail,
        List<BlockedRequest> blocked,
        List<String> consoleErrors,
        List<ActionResult> actions,
        List<Artifact> artifacts,
        Integer failedAction,
        List<Hop> redirects) {

    /** One request of the main document after a redirect: where it went, what it answered, its Retry-After. */
    public record Hop(String url, int status, String retryAfter) {
    }

    public RenderResult {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        phases = phases == null ? Phases.NONE : phases;
        blocked = blocked == null ? List.of() : List.copyOf(blocked);
        consoleErrors = consoleErrors == null ? List.of() : List.copyOf(consoleErrors);
        actions = actions == null ? List.of() : List.copyOf(actions);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        redirects = redirects == null ? List.of() : List.copyOf(redirects);
    }

    public static RenderResult failed(RenderOutcome outcome, String url, long renderMs, String detail) {
        return new RenderResult(outcome, url, null, 0, null, null, null, renderMs, null, detail, null, null, null, null,
                null, null);
    }
}
