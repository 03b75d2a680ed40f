package dev.gleaner.core.scrape;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a scrape fetches its page. */
public enum RenderMode {
    /** Over HTTP first; in the browser when the page needs JavaScript, or the request needs a browser. */
    AUTO,
    /** Always in the browser. */
    BROWSER,
    /** Never in the browser. */
    HTTP;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<RenderMode> of(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire().equals(wire)).findFirst();
    }
}
