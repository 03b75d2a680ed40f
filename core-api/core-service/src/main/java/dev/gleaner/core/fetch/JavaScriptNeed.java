package dev.gleaner.core.fetch;

import java.util.Optional;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Selector;

/**
 * Whether a page fetched over HTTP needs a browser to show its content, judged from its HTML alone:
 * <ul>
 * <li>{@code selector-missing}: the element the request waits for is not in the HTML;</li>
 * <li>{@code noscript-wall}: a {@code <noscript>} asks for JavaScript and little else is there;</li>
 * <li>{@code empty-shell}: next to no visible text, and scripts (an app's mount point waiting to be filled);</li>
 * <li>{@code script-built}: little visible text next to much more script.</li>
 * </ul>
 * Answers that are not HTML never need one. CPU work: run it off the event loop.
 */
public final class JavaScriptNeed {

    static final int SHELL_TEXT = 150;
    static final int WALL_TEXT = 1_500;
    static final int SCRIPT_BUILT_TEXT = 1_000;
    static final int SCRIPT_TO_TEXT = 5;
    private static final Pattern ASKS_FOR_JAVASCRIPT = Pattern.compile(
            "(enable|turn on|activate|allow)\\s+(your\\s+)?javascript|javascript\\s+(is\\s+)?(required|disabled|needed|must be)"
                    + "|requires?\\s+javascript|needs?\\s+javascript|without\\s+javascript",
            Pattern.CASE_INSENSITIVE);
    private static final String NOT_VISIBLE = "script, style, noscript, template";

    private JavaScriptNeed() {
    }

    /**
     * @param contentType     the answer's Content-Type (null: assume HTML)
     * @param waitForSelector the element the request waits for, or null
     * @return why the page needs a browser, or empty when its HTML already has the content
     */
    public static Optional<String> of(String html, String contentType, String waitForSelector) {
        if (contentType != null && !contentType.toLowerCase().contains("html")) {
            return Optional.empty();
        }
        Document document = Jsoup.parse(html == null ? "" : html);
        if (waitForSelector != null) {
            try {
                if (document.selectFirst(waitForSelector) == null) {
                    return Optional.of("selector-missing");
                }
            } catch (Selector.SelectorParseException e) {
                // jsoup cannot read it; the browser will tell whether it is valid CSS
                return Optional.of("selector-missing");
            }
        }
        int scripts = document.select("script").size();
        int scriptChars = document.select("script").stream().mapToInt(s -> s.data().length()).sum();
        boolean asksForJavaScript = document.select("noscript").stream()
                .anyMatch(n -> ASKS_FOR_JAVASCRIPT.matcher(n.text() + " " + n.html()).find());
        Element body = document.body();
        body.select(NOT_VISIBLE).remove();
        int text = body.text().strip().length();
        if (asksForJavaScript && text < WALL_TEXT) {
            return Optional.of("noscript-wall");
        }
        if (scripts > 0 && text < SHELL_TEXT) {
            return Optional.of("empty-shell");
        }
        if (text < SCRIPT_BUILT_TEXT && scriptChars > SCRIPT_TO_TEXT * Math.max(text, 1)) {
            return Optional.of("script-built");
        }
        return Optional.empty();
    }
}
