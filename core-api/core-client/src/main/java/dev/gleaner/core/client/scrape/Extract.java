package dev.gleaner.core.client.scrape;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * What to extract from the page as JSON: by CSS rules, or by a language model ({@code schema} and/or
 * {@code prompt}); not both.
 *
 * @param rules  named CSS selectors, in the order the answer gives them. A rule is a selector (the text of the
 *               first match), or {@code {"selector", "attr"?, "list"?, "fields"?}}: an attribute instead of the
 *               text ({@code href} and {@code src} made absolute), every match instead of the first, and nested
 *               rules applied inside each match to make an object of it
 * @param schema a JSON Schema (draft 2020-12 unless it names another) the model's answer must validate against;
 *               it may not refer to other documents
 * @param prompt what to extract, in words, for the model (with {@code schema}: how to fill it in)
 * @param timeoutMs the budget of the model's extraction, every call for it included (a long page's chunks, a
 *               repair, retries), 1000–120000 ms (default 60000); a synchronous scrape takes at most its own
 *               {@code timeoutMs} and this
 */
public record Extract(Map<String, JsonNode> rules, JsonNode schema, String prompt, Integer timeoutMs) {

    /** Extraction by CSS rules. */
    public Extract(Map<String, JsonNode> rules) {
        this(rules, null, null, null);
    }

    /** Whether a language model does the extraction. */
    public boolean byModel() {
        return schema != null || prompt != null;
    }
}
