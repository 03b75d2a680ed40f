package dev.gleaner.core.client.scrape;

/**
 * One step run on the page after it loaded, in order. Which fields apply depends on {@code type};
 * a field that does not belong to the type is refused.
 *
 * <ul>
 * <li>{@code click} {selector}</li>
 * <li>{@code type} {selector, text}: types the text into the element, key by key</li>
 * <li>{@code press} {key}: a key or chord as Playwright names them, e.g. {@code Enter}, {@code Control+A}</li>
 * <li>{@code scroll} {direction: up | down | top | bottom} or {selector}: by a screen, to an end, or to an element</li>
 * <li>{@code wait} {ms} or {selector}: a pause, or until the element is visible</li>
 * <li>{@code evaluate} {script}: a JavaScript expression run in the page; its value (a promise is awaited)
 *     comes back, JSON-serialisable and at most 64 KiB</li>
 * <li>{@code screenshot} {fullPage?}: a PNG of the page at that moment, stored as an artifact</li>
 * </ul>
 *
 * @param type      the action
 * @param selector  a CSS selector
 * @param text      what {@code type} types, at most 10000 characters
 * @param key       what {@code press} presses
 * @param direction where {@code scroll} goes
 * @param ms        how long {@code wait} waits, 0–30000
 * @param script    what {@code evaluate} runs, at most 10000 characters
 * @param fullPage  whether {@code screenshot} captures the whole page rather than the viewport
 * @param timeoutMs this action's own deadline (default and maximum: what is left of the render's budget)
 */
public record Action(String type, String selector, String text, String key, String direction, Integer ms,
        String script, Boolean fullPage, Integer timeoutMs) {

    public static Action click(String selector) {
        return new Action("click", selector, null, null, null, null, null, null, null);
    }

    public static Action evaluate(String script) {
        return new Action("evaluate", null, null, null, null, null, script, null, null);
    }
}
