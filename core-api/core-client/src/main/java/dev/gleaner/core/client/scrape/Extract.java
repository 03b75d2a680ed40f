package dev.gleaner.core.client.scrape;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * What to extract from the page as JSON.
 *
 * @param rules named CSS selectors, in the order the answer gives them. A rule is a selector (the text of the
 *              first match), or {@code {"selector", "attr"?, "list"?, "fields"?}}: an attribute instead of the
 *              text ({@code href} and {@code src} made absolute), every match instead of the first, and nested
 *              rules applied inside each match to make an object of it
 */
public record Extract(Map<String, JsonNode> rules) {
}
