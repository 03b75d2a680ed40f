package dev.gleaner.farm.client.render;

/**
 * Where a render's time went on the node, in milliseconds.
 *
 * @param contextMs    getting a browser context (0 when a ready-made one was taken)
 * @param navigationMs navigating until {@code waitUntil}
 * @param waitMs       waiting for {@code waitForSelector} and {@code waitForMs}
 * @param actionsMs    running the actions
 * @param captureMs    capturing the HTML, screenshot and PDF
 */
public record Phases(long contextMs, long navigationMs, long waitMs, long actionsMs, long captureMs) {

    public static final Phases NONE = new Phases(0, 0, 0, 0, 0);
}
