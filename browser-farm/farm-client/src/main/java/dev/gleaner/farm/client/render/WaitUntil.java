package dev.gleaner.farm.client.render;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** When a navigation counts as done. */
public enum WaitUntil {
    /** The {@code load} event: the document and its sub-resources. */
    LOAD,
    /** The {@code DOMContentLoaded} event: the document parsed, sub-resources may still load. */
    DOMCONTENTLOADED,
    /** No network connection for 500 ms after load. */
    NETWORKIDLE;

    /** The name the API uses. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WaitUntil> of(String apiName) {
        return Arrays.stream(values()).filter(w -> w.apiName().equals(apiName)).findFirst();
    }
}
