package dev.gleaner.farm.node.pool.playwright;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.ScreenshotType;
import com.microsoft.playwright.options.WaitUntilState;

import dev.gleaner.core.client.scrape.Action;
import dev.gleaner.core.client.scrape.Format;
import dev.gleaner.farm.client.render.ActionResult;
import dev.gleaner.farm.client.render.Artifact;
import dev.gleaner.farm.client.render.Phases;
import dev.gleaner.farm.client.render.RenderOptions;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.client.render.WaitUntil;
import dev.gleaner.farm.node.egress.EgressProxy;
import dev.gleaner.farm.node.egress.EgressSession;

/**
 * One render's steps on its page, in order: options, navigation, waits, actions, capture. Every
 * step fits inside the request's budget ({@code timeoutMs}, counted from when the node took the
 * render) and stops at its next step when the lease ends. Runs on the browser's worker thread.
 */
final class PageRender {

    /** Screenshots and PDFs of one render together: more would not fit the answer to core-api. */
    static final int MAX_ARTIFACT_BYTES = 24 * 1024 * 1024;
    private static final long POLL_MS = 50;
    private static final int MAX_CONSOLE_ERRORS = 50;
    private static final int MAX_CONSOLE_TEXT = 1_000;

    private final RenderContext context;
    private final RenderRequest request;
    private final RenderOptions options;
    private final BooleanSupplier cancelled;
    private final long start;
    private final long deadline;
    private final Page page;
    private final List<String> consoleErrors = new ArrayList<>();
    private final List<ActionResult> actionResults = new ArrayList<>();
    private final List<Artifact> artifacts = new ArrayList<>();
    private int artifactBytes;
    private long contextMs;
    private long navigationMs;
    private long waitMs;
    private long actionsMs;

    /**
     * @param start when the node took the render ({@link System#nanoTime()}): the budget runs from there
     */
    PageRender(RenderContext context, RenderRequest request, BooleanSupplier cancelled, long start) {
        this.context = context;
        this.request = request;
        this.options = request.options();
        this.cancelled = cancelled;
        this.start = start;
        this.deadline = start + request.timeoutMs() * 1_000_000L;
        this.page = context.page();
    }

    RenderResult run() {
        contextMs = millisSince(start);
        EgressSession session = context.session();
        session.serve(request);
        AtomicReference<String> lastNavigation = new AtomicReference<>(request.url());
        page.onRequest(r -> {
            if (r.isNavigationRequest() && r.frame() == page.mainFrame()) {
                lastNavigation.set(r.url());
            }
        });
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                console(message.text());
            }
        });
        page.onPageError(error -> console("uncaught: " + error));
        try {
            context.apply(options, request.url());
            page.setDefaultTimeout(Math.max(1, remainingMs()));
            long navigationStart = System.nanoTime();
            Response response = page.navigate(request.url(), new Page.NavigateOptions()
                    .setTimeout(Math.max(1, remainingMs()))
                    .setWaitUntil(waitUntil(options.waitUntilOrDefault())));
            navigationMs = millisSince(navigationStart);
            String refused = response == null ? null : response.headerValue(EgressProxy.REFUSED_HEADER);
            if (refused != null) {
                return refusal(refused);
            }
            RenderResult stopped = waits();
            if (stopped == null) {
                stopped = actions();
            }
            if (stopped != null) {
                return stopped;
            }
            return capture(response);
        } catch (IsolatedWorld.InvalidSelectorException e) {
            return failed(RenderOutcome.INVALID_REQUEST, "waitForSelector: " + e.getMessage());
        } catch (TimeoutError e) {
            return failed(RenderOutcome.TIMEOUT, "the page did not load within " + request.timeoutMs() + " ms");
        } catch (ArtifactsTooLarge e) {
            return failed(RenderOutcome.INVALID_REQUEST, e.getMessage());
        } catch (PlaywrightException e) {
            // an https document (or hop) refused at CONNECT fails the navigation itself
            return session.refusalFor(lastNavigation.get())
                    .map(this::refusal)
                    .orElseGet(() -> failed(RenderOutcome.NAVIGATION_FAILED, navigationFailure(e)));
        }
    }

    private static String navigationFailure(PlaywrightException e) {
        String reason = BrowserWorker.firstLine(e.getMessage());
        // the browser refuses to save it (acceptDownloads is off); the page itself never comes
        return reason.contains("Download is starting")
                ? "the URL answers with a file to download, not a page; downloads are not saved"
                : reason;
    }

    /** {@code waitForSelector} then {@code waitForMs}; a result when the render must end here. */
    private RenderResult waits() {
        long waitStart = System.nanoTime();
        try {
            String selector = options.waitForSelector();
            if (selector != null && !selector.isBlank() && !waitForSelector(selector)) {
                return cancelled.getAsBoolean() ? cancelled()
                        : failed(RenderOutcome.TIMEOUT, "selector '" + selector + "' did not appear within "
                                + request.timeoutMs() + " ms");
            }
            if (options.waitForMs() != null && options.waitForMs() > 0 && !pause(options.waitForMs())) {
                return cancelled();
            }
            return null;
        } finally {
            waitMs = millisSince(waitStart);
        }
    }

    private RenderResult actions() {
        long actionsStart = System.nanoTime();
        try {
            PageActions runner = new PageActions(page, context.cdp(), this::waitForSelector, this::pause);
            List<Action> actions = options.actions();
            for (int i = 0; i < actions.size(); i++) {
                if (cancelled.getAsBoolean()) {
                    return cancelled();
                }
                Action action = actions.get(i);
                long actionDeadline = actionDeadline(action);
                if (actionDeadline - System.nanoTime() <= 0) {
                    return actionFailed(i, ActionResult.failed(action.type(), "no time left in the render's budget"));
                }
                ActionResult result = runner.run(i, action, actionDeadline, this::addArtifact);
                actionResults.add(result);
                if (!result.ok()) {
                    return actionFailed(i, null);
                }
            }
            return null;
        } finally {
            actionsMs = millisSince(actionsStart);
        }
    }

    private long actionDeadline(Action action) {
        return action.timeoutMs() == null ? deadline
                : Math.min(deadline, System.nanoTime() + action.timeoutMs() * 1_000_000L);
    }

    private RenderResult actionFailed(int index, ActionResult result) {
        if (result != null) {
            actionResults.add(result);
        }
        ActionResult failed = actionResults.getLast();
        return new RenderResult(RenderOutcome.ACTION_FAILED, request.url(), page.url(), 0, null, null, null,
                millisSince(start), phases(0), "action " + index + " (" + failed.type() + ") failed: " + failed.error(),
                context.session().blocked(), consoleErrors, actionResults, artifacts, index, null);
    }

    private RenderResult capture(Response response) {
        long captureStart = System.nanoTime();
        IsolatedWorld.Capture capture = IsolatedWorld.of(context.cdp()).capture();
        String html = options.needsHtml() ? capture.html() : null;
        options.format("screenshot").ifPresent(format -> addArtifact(new Artifact("screenshot",
                imageType(format) == ScreenshotType.JPEG ? "image/jpeg" : "image/png", screenshot(format))));
        options.format("pdf").ifPresent(format -> addArtifact(new Artifact("pdf", "application/pdf", pdf(format))));
        Map<String, String> headers = new HashMap<>(response == null ? Map.of() : response.headers());
        headers.remove(EgressProxy.REFUSED_HEADER.toLowerCase(java.util.Locale.ROOT));
        return new RenderResult(RenderOutcome.OK, request.url(), page.url(), response == null ? 0 : response.status(),
                headers, html, capture.title(), millisSince(start), phases(millisSince(captureStart)), null,
                context.session().blocked(), consoleErrors, actionResults, artifacts, null, redirects(response));
    }

    /** The main document's requests after the first (each a redirect's next hop), first to last. */
    private static List<RenderResult.Hop> redirects(Response response) {
        List<RenderResult.Hop> hops = new ArrayList<>();
        for (Request hop = response == null ? null : response.request(); hop != null && hop.redirectedFrom() != null;
                hop = hop.redirectedFrom()) {
            Response answered = hop == response.request() ? response : answer(hop);
            hops.addFirst(new RenderResult.Hop(hop.url(), answered == null ? 0 : answered.status(),
                    answered == null ? null : answered.headerValue("retry-after")));
        }
        return hops;
    }

    private static Response answer(Request request) {
        try {
            return request.response();
        } catch (PlaywrightException e) {
            return null;
        }
    }

    private byte[] screenshot(Format format) {
        Page.ScreenshotOptions screenshot = new Page.ScreenshotOptions()
                .setFullPage(Boolean.TRUE.equals(format.fullPage()))
                .setType(imageType(format))
                .setTimeout(Math.max(1, remainingMs()));
        if (format.quality() != null && imageType(format) == ScreenshotType.JPEG) {
            screenshot.setQuality(format.quality());
        }
        return page.screenshot(screenshot);
    }

    private static ScreenshotType imageType(Format format) {
        return "jpeg".equals(format.imageType()) ? ScreenshotType.JPEG : ScreenshotType.PNG;
    }

    private byte[] pdf(Format format) {
        return page.pdf(new Page.PdfOptions()
                .setFormat(format.format() == null ? "A4" : format.format())
                .setLandscape(Boolean.TRUE.equals(format.landscape()))
                .setPrintBackground(Boolean.TRUE.equals(format.printBackground())));
    }

    private void addArtifact(Artifact artifact) {
        artifactBytes += artifact.data().length;
        if (artifactBytes > MAX_ARTIFACT_BYTES) {
            throw new ArtifactsTooLarge();
        }
        artifacts.add(artifact);
    }

    /** Checks at once, then every {@value #POLL_MS} ms, until the selector is visible, the lease ends or time is up. */
    boolean waitForSelector(String selector) {
        return waitForSelector(selector, deadline);
    }

    boolean waitForSelector(String selector, long until) {
        while (!cancelled.getAsBoolean()) {
            // a fresh world each time: an action or a script may have navigated to a new document
            if (IsolatedWorld.of(context.cdp()).visible(selector)) {
                return true;
            }
            long left = Math.min(until, deadline) - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // Playwright's wait, not a sleep: it goes on dispatching the page's events meanwhile
            page.waitForTimeout(Math.min(POLL_MS, left / 1_000_000L + 1));
        }
        return false;
    }

    /** Waits, cut short by the budget; false when the lease ended meanwhile. */
    boolean pause(long millis) {
        long until = Math.min(System.nanoTime() + millis * 1_000_000L, deadline);
        while (System.nanoTime() < until) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            page.waitForTimeout(Math.max(1, Math.min(200, (until - System.nanoTime()) / 1_000_000L)));
        }
        return true;
    }

    private void console(String text) {
        if (consoleErrors.size() < MAX_CONSOLE_ERRORS) {
            consoleErrors.add(text.length() > MAX_CONSOLE_TEXT ? text.substring(0, MAX_CONSOLE_TEXT) + "…" : text);
        }
    }

    private Phases phases(long captureMs) {
        return new Phases(contextMs, navigationMs, waitMs, actionsMs, captureMs);
    }

    private RenderResult refusal(String reason) {
        return new RenderResult(RenderOutcome.TARGET_REFUSED, request.url(), null, 0, null, null, null, millisSince(start),
                phases(0), reason, context.session().blocked(), consoleErrors, null, null, null, null);
    }

    private RenderResult cancelled() {
        return failed(RenderOutcome.CANCELLED, "the lease ended");
    }

    private RenderResult failed(RenderOutcome outcome, String detail) {
        return new RenderResult(outcome, request.url(), null, 0, null, null, null, millisSince(start), phases(0), detail,
                context.session().blocked(), consoleErrors, actionResults, null, null, null);
    }

    private static WaitUntilState waitUntil(WaitUntil waitUntil) {
        return switch (waitUntil) {
            case LOAD -> WaitUntilState.LOAD;
            case DOMCONTENTLOADED -> WaitUntilState.DOMCONTENTLOADED;
            case NETWORKIDLE -> WaitUntilState.NETWORKIDLE;
        };
    }

    private long remainingMs() {
        return (deadline - System.nanoTime()) / 1_000_000L;
    }

    static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000L;
    }

    /** Screenshots and PDFs past {@link #MAX_ARTIFACT_BYTES}. */
    static final class ArtifactsTooLarge extends RuntimeException {
        ArtifactsTooLarge() {
            super("the render's screenshots and PDFs exceed " + MAX_ARTIFACT_BYTES / (1024 * 1024)
                    + " MiB together; ask for fewer or smaller ones", null, false, false);
        }
    }
}
