package dev.gleaner.core.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * A page's Markdown cut into chunks of at most so many characters, at paragraph breaks where it can, else at line
 * breaks, else anywhere, so that each fits within the model's input limit.
 */
final class PageChunks {

    private PageChunks() {
    }

    static List<String> split(String text, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be at least 1");
        }
        List<String> chunks = new ArrayList<>();
        String rest = text == null ? "" : text;
        while (rest.length() > maxChars) {
            int cut = rest.lastIndexOf("\n\n", maxChars);
            if (cut <= 0) {
                cut = rest.lastIndexOf('\n', maxChars);
            }
            if (cut <= 0) {
                cut = maxChars;
            }
            chunks.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).stripLeading();
        }
        chunks.add(rest.strip());
        List<String> kept = chunks.stream().filter(c -> !c.isEmpty()).toList();
        return kept.isEmpty() ? List.of("") : kept;
    }
}
