package dev.gleaner.farm.node.pool.playwright;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;

import dev.gleaner.core.client.scrape.Action;
import dev.gleaner.farm.client.render.ActionResult;
import dev.gleaner.farm.client.render.Artifact;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a render's actions, each within its own deadline. Nothing here waits without one: Playwright
 * calls get the time left as their timeout, and a script runs in the page with DevTools' own
 * execution timeout and, for a promise, a race against a timer.
 */
final class PageActions {

    /** An {@code evaluate}'s value, serialized, at most this long. */
    static final int MAX_VALUE_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OBJECT_GROUP = "gleaner-actions";

    /** Waits until a selector is visible or the deadline; false when it did not appear. */
    @FunctionalInterface
    interface SelectorWait {
        boolean until(String selector, long deadlineNanos);
    }

    /** Waits this long, cut short by the budget; false when the lease ended. */
    @FunctionalInterface
    interface Pause {
        boolean pause(long millis);
    }

    private final Page page;
    private final CDPSession cdp;
    private final SelectorWait selectorWait;
    private final Pause pause;

    PageActions(Page page, CDPSession cdp, SelectorWait selectorWait, Pause pause) {
        this.page = page;
        this.cdp = cdp;
        this.selectorWait = selectorWait;
        this.pause = pause;
    }

    ActionResult run(int index, Action action, long deadline, Consumer<Artifact> artifacts) {
        String type = action.type();
        double timeout = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
        try {
            return switch (type) {
                case "click" -> {
                    page.locator(action.selector()).first().click(new Locator.ClickOptions().setTimeout(timeout));
                    yield ActionResult.ok(type);
                }
                case "type" -> {
                    page.locator(action.selector()).first().pressSequentially(action.text(),
                            new Locator.PressSequentiallyOptions().setTimeout(timeout));
                    yield ActionResult.ok(type);
                }
                case "press" -> {
                    page.keyboard().press(action.key());
                    yield ActionResult.ok(type);
                }
                case "scroll" -> scroll(action, timeout);
                case "wait" -> waitFor(action, deadline);
                case "evaluate" -> evaluate(action.script(), (long) timeout);
                case "screenshot" -> {
                    String name = "action-" + index;
                    artifacts.accept(new Artifact(name, "image/png", page.screenshot(new Page.ScreenshotOptions()
                            .setFullPage(Boolean.TRUE.equals(action.fullPage())).setTimeout(timeout))));
                    yield new ActionResult(type, true, null, name, null);
                }
                default -> ActionResult.failed(type, "unknown action type");
            };
        } catch (TimeoutError e) {
            return ActionResult.failed(type, "did not complete within " + (long) timeout + " ms"
                    + (action.selector() == null ? "" : " (selector '" + action.selector() + "')"));
        } catch (PlaywrightException e) {
            return ActionResult.failed(type, BrowserWorker.firstLine(e.getMessage()));
        }
    }

    private ActionResult scroll(Action action, double timeout) {
        if (action.selector() != null) {
            page.locator(action.selector()).first()
                    .scrollIntoViewIfNeeded(new Locator.ScrollIntoViewIfNeededOptions().setTimeout(timeout));
        } else {
            String script = switch (action.direction()) {
                case "up" -> "window.scrollBy(0, -window.innerHeight)";
                case "top" -> "window.scrollTo(0, 0)";
                case "bottom" -> "window.scrollTo(0, document.documentElement.scrollHeight)";
                default -> "window.scrollBy(0, window.innerHeight)";
            };
            IsolatedWorld.of(cdp).run(script);
        }
        return ActionResult.ok(action.type());
    }

    private ActionResult waitFor(Action action, long deadline) {
        if (action.selector() != null) {
            return selectorWait.until(action.selector(), deadline) ? ActionResult.ok(action.type())
                    : ActionResult.failed(action.type(), "selector '" + action.selector() + "' did not appear in time");
        }
        return pause.pause(action.ms()) ? ActionResult.ok(action.type())
                : ActionResult.failed(action.type(), "the lease ended");
    }

    /**
     * Runs the script in the page's own world, where its variables live. A synchronous script is
     * stopped by DevTools after the timeout; a promise is raced against a timer of the same length.
     */
    private ActionResult evaluate(String script, long timeoutMs) {
        try {
            JsonObject args = new JsonObject();
            args.addProperty("expression", script);
            args.addProperty("objectGroup", OBJECT_GROUP);
            args.addProperty("timeout", timeoutMs);
            args.addProperty("userGesture", true);
            JsonObject evaluated = cdp.send("Runtime.evaluate", args);
            if (evaluated.has("exceptionDetails")) {
                return ActionResult.failed("evaluate", "the script threw: " + IsolatedWorld.describe(evaluated));
            }
            JsonObject remote = evaluated.getAsJsonObject("result");
            JsonObject byValue = remote.has("objectId") ? valueOf(remote.get("objectId").getAsString(),
                    isPromise(remote), timeoutMs) : evaluated;
            if (byValue.has("exceptionDetails")) {
                return ActionResult.failed("evaluate", IsolatedWorld.describe(byValue));
            }
            JsonObject result = byValue.getAsJsonObject("result");
            String json = result.has("value") ? result.get("value").toString() : "null";
            if (json.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
                return ActionResult.failed("evaluate", "the script's value is larger than " + MAX_VALUE_BYTES / 1024
                        + " KiB as JSON");
            }
            JsonNode value = JSON.readTree(json);
            return new ActionResult("evaluate", true, value, null, null);
        } finally {
            JsonObject release = new JsonObject();
            release.addProperty("objectGroup", OBJECT_GROUP);
            cdp.send("Runtime.releaseObjectGroup", release);
        }
    }

    private static boolean isPromise(JsonObject remote) {
        return remote.has("subtype") && "promise".equals(remote.get("subtype").getAsString());
    }

    /** The object's JSON value; a promise's once settled, or an error after the timeout. */
    private JsonObject valueOf(String objectId, boolean promise, long timeoutMs) {
        JsonObject args = new JsonObject();
        args.addProperty("objectId", objectId);
        args.addProperty("returnByValue", true);
        args.addProperty("awaitPromise", promise);
        args.addProperty("functionDeclaration", promise
                ? "function(ms) { return Promise.race([this, new Promise((_, reject) => setTimeout(() =>"
                        + " reject(new Error('the promise did not settle within ' + ms + ' ms')), ms))]); }"
                : "function() { return this; }");
        if (promise) {
            JsonObject ms = new JsonObject();
            ms.addProperty("value", timeoutMs);
            JsonArray arguments = new JsonArray();
            arguments.add(ms);
            args.add("arguments", arguments);
        }
        return cdp.send("Runtime.callFunctionOn", args);
    }
}
