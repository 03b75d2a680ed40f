package dev.gleaner.farm.client.render;

import java.util.List;

/**
 * What a node returns for one render.
 *
 * @param outcome      how the render ended; only {@link RenderOutcome#OK} carries a page
 * @param url          the URL that was asked for
 * @param finalUrl     the URL of the main frame after redirects
 * @param statusCode   HTTP status of the main document, 0 when there was none
 * @param html         the serialized DOM after scripts ran
 * @param title        the document title
 * @param navigationMs time spent navigating until load
 * @param renderMs     time from the node receiving the call to the page being captured
 * @param detail       a human-readable reason when the outcome is not OK
 * @param blocked      requests of the page that were refused or could not be reached (each failed alone)
 */
public record RenderResult(
        RenderOutcome outcome,
        String url,
        String finalUrl,
        int statusCode,
        String html,
        String title,
        long navigationMs,
        long renderMs,
        String detail,
        List<BlockedRequest> blocked) {

    public RenderResult {
        blocked = blocked == null ? List.of() : List.copyOf(blocked);
    }

    public static RenderResult failed(RenderOutcome outcome, String url, long renderMs, String detail) {
        return new RenderResult(outcome, url, null, 0, null, null, 0, renderMs, detail, List.of());
    }
}
