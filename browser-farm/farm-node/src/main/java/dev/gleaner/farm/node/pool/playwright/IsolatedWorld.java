package dev.gleaner.farm.node.pool.playwright;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.PlaywrightException;

/**
 * The farm's own view of a page's main frame: a DevTools isolated world (its own JavaScript
 * globals, the page's DOM), where selectors are checked and the page is captured. Page scripts
 * cannot tamper with it, and it skips Playwright's injected selector engine, whose set-up after
 * every navigation cost more than loading a small page (~60 ms of CPU against ~3 ms here,
 * docs/benchmarks.md). Make one per navigation: a new document drops the old world.
 */
final class IsolatedWorld {

    /** What a render captures of the page in one round trip. */
    record Capture(String html, String title) {
    }

    private static final String WORLD_NAME = "gleaner";
    private static final String CAPTURE = """
            (() => {
              let html = '';
              if (document.doctype) html = new XMLSerializer().serializeToString(document.doctype);
              if (document.documentElement) html += document.documentElement.outerHTML;
              return { html, title: document.title };
            })()""";

    private final CDPSession cdp;
    private final int contextId;

    private IsolatedWorld(CDPSession cdp, int contextId) {
        this.cdp = cdp;
        this.contextId = contextId;
    }

    /** A fresh world in the page's current main document. */
    static IsolatedWorld of(CDPSession cdp) {
        JsonObject tree = cdp.send("Page.getFrameTree");
        String frameId = tree.getAsJsonObject("frameTree").getAsJsonObject("frame").get("id").getAsString();
        JsonObject args = new JsonObject();
        args.addProperty("frameId", frameId);
        args.addProperty("worldName", WORLD_NAME);
        return new IsolatedWorld(cdp, cdp.send("Page.createIsolatedWorld", args).get("executionContextId").getAsInt());
    }

    /**
     * Whether an element matching the CSS selector is in the document and visible (a non-empty box,
     * not {@code visibility: hidden}), as Playwright's {@code waitForSelector} understands it.
     *
     * @throws InvalidSelectorException when the selector is not valid CSS
     */
    boolean visible(String selector) {
        String expression = "(() => { const e = document.querySelector(" + new JsonPrimitive(selector) + ");"
                + " if (!e) return false; const r = e.getBoundingClientRect();"
                + " return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })()";
        JsonObject result = evaluate(expression);
        if (result.has("exceptionDetails")) {
            throw new InvalidSelectorException(selector, describe(result));
        }
        return result.getAsJsonObject("result").get("value").getAsBoolean();
    }

    Capture capture() {
        JsonObject result = evaluate(CAPTURE);
        if (result.has("exceptionDetails")) {
            throw new PlaywrightException("capturing the page failed: " + describe(result));
        }
        JsonObject value = result.getAsJsonObject("result").getAsJsonObject("value");
        return new Capture(value.get("html").getAsString(), value.get("title").getAsString());
    }

    /** Runs a script for its effect (scrolling, say); a script that throws fails the caller. */
    void run(String expression) {
        JsonObject result = evaluate(expression);
        if (result.has("exceptionDetails")) {
            throw new PlaywrightException(describe(result));
        }
    }

    private JsonObject evaluate(String expression) {
        JsonObject args = new JsonObject();
        args.addProperty("expression", expression);
        args.addProperty("contextId", contextId);
        args.addProperty("returnByValue", true);
        return cdp.send("Runtime.evaluate", args);
    }

    /** The first line of the exception a DevTools evaluation reported. */
    static String describe(JsonObject result) {
        JsonObject details = result.getAsJsonObject("exceptionDetails");
        if (details.has("exception") && details.getAsJsonObject("exception").has("description")) {
            String description = details.getAsJsonObject("exception").get("description").getAsString();
            int nl = description.indexOf('\n');
            return nl < 0 ? description : description.substring(0, nl);
        }
        return details.has("text") ? details.get("text").getAsString() : "unknown error";
    }

    /** The selector is not valid CSS: the render cannot succeed, however long it waits. */
    static final class InvalidSelectorException extends RuntimeException {
        InvalidSelectorException(String selector, String why) {
            super("'" + selector + "' is not a valid CSS selector: " + why, null, false, false);
        }
    }
}
