package dev.gleaner.core.extract;

import dev.gleaner.core.client.scrape.ExtractionError;
import dev.gleaner.core.client.scrape.LlmUsage;
import tools.jackson.databind.JsonNode;

/** What a language model extracted from a page (validated), or why it could not; with what it used. */
public record Extracted(JsonNode value, ExtractionError error, LlmUsage usage) {

    public boolean failed() {
        return error != null;
    }
}
