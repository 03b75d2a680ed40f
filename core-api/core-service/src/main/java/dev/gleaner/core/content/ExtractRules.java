package dev.gleaner.core.content;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.nodes.Element;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

import dev.gleaner.core.error.InvalidInputException.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * {@code extract.rules}: named CSS selectors that turn a page into JSON. A rule gives the text of its
 * first match, an attribute of it ({@code href} and {@code src} absolute), every match as a list, or,
 * with nested {@code fields}, an object made inside each match. No match: {@code null} (an empty
 * list for a list rule).
 */
public final class ExtractRules {

    static final int MAX_RULES = 100;
    static final int MAX_DEPTH = 4;
    static final int MAX_SELECTOR = 500;
    private static final Set<String> KEYS = Set.of("selector", "attr", "list", "fields");
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src");

    /** One compiled rule. */
    record Rule(String name, String selector, String attr, boolean list, List<Rule> fields) {
    }

    private final List<Rule> rules;

    private ExtractRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules, or null (and {@code errors} naming each bad one) when they do not compile. */
    public static ExtractRules compile(Map<String, JsonNode> rules, List<FieldError> errors) {
        if (rules == null || rules.isEmpty()) {
            errors.add(new FieldError("extract.rules", "must name at least one rule"));
            return null;
        }
        int before = errors.size();
        int[] count = {0};
        List<Rule> compiled = compile(rules, "extract.rules", 1, count, errors);
        if (count[0] > MAX_RULES) {
            errors.add(new FieldError("extract.rules", "may have at most " + MAX_RULES + " rules in all"));
        }
        return errors.size() > before ? null : new ExtractRules(compiled);
    }

    private static List<Rule> compile(Map<String, JsonNode> rules, String path, int depth, int[] count,
            List<FieldError> errors) {
        List<Rule> compiled = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : rules.entrySet()) {
            count[0]++;
            String at = path + "." + entry.getKey();
            JsonNode value = entry.getValue();
            if (entry.getKey().isBlank() || entry.getKey().length() > 100) {
                errors.add(new FieldError(at, "a rule's name must be 1 to 100 characters"));
            } else if (value != null && value.isString()) {
                if (selector(value.asString(), at, errors)) {
                    compiled.add(new Rule(entry.getKey(), value.asString(), null, false, null));
                }
            } else if (value != null && value.isObject()) {
                compiled.add(object(entry.getKey(), value, at, depth, count, errors));
            } else {
                errors.add(new FieldError(at, "must be a CSS selector or {\"selector\", \"attr\"?, \"list\"?, \"fields\"?}"));
            }
        }
        return compiled;
    }

    private static Rule object(String name, JsonNode value, String at, int depth, int[] count, List<FieldError> errors) {
        for (String key : value.propertyNames()) {
            if (!KEYS.contains(key)) {
                errors.add(new FieldError(at + "." + key, "is not a field of a rule; known fields here: attr, fields, list,"
                        + " selector"));
            }
        }
        JsonNode selector = value.get("selector");
        if (selector == null || !selector.isString()) {
            errors.add(new FieldError(at + ".selector", "is required: a CSS selector"));
        } else {
            selector(selector.asString(), at + ".selector", errors);
        }
        JsonNode attr = value.get("attr");
        if (attr != null && (!attr.isString() || attr.asString().isBlank())) {
            errors.add(new FieldError(at + ".attr", "must be an attribute name"));
        }
        JsonNode list = value.get("list");
        if (list != null && !list.isBoolean()) {
            errors.add(new FieldError(at + ".list", "must be true or false"));
        }
        JsonNode fields = value.get("fields");
        List<Rule> nested = null;
        if (fields != null) {
            if (!fields.isObject() || fields.isEmpty()) {
                errors.add(new FieldError(at + ".fields", "must be an object of rules"));
            } else if (attr != null) {
                errors.add(new FieldError(at + ".fields", "makes an object of each match, so it cannot go with attr"));
            } else if (depth >= MAX_DEPTH) {
                errors.add(new FieldError(at + ".fields", "rules may nest at most " + MAX_DEPTH + " deep"));
            } else {
                Map<String, JsonNode> inner = new LinkedHashMap<>();
                fields.properties().forEach(e -> inner.put(e.getKey(), e.getValue()));
                nested = compile(inner, at + ".fields", depth + 1, count, errors);
            }
        }
        return new Rule(name, selector == null ? null : selector.asString(), attr == null ? null : attr.asString(),
                list != null && list.asBoolean(), nested);
    }

    private static boolean selector(String selector, String at, List<FieldError> errors) {
        if (selector.isBlank() || selector.length() > MAX_SELECTOR) {
            errors.add(new FieldError(at, "must be a CSS selector of 1 to " + MAX_SELECTOR + " characters"));
            return false;
        }
        try {
            QueryParser.parse(selector);
            return true;
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            errors.add(new FieldError(at, "is not a CSS selector: " + e.getMessage()));
            return false;
        }
    }

    /** The rules applied to {@code root}, in their order. */
    public Map<String, Object> apply(Element root) {
        return apply(rules, root);
    }

    private static Map<String, Object> apply(List<Rule> rules, Element root) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Rule rule : rules) {
            if (rule.list()) {
                out.put(rule.name(), root.select(rule.selector()).stream().map(e -> value(rule, e)).toList());
            } else {
                Element first = root.selectFirst(rule.selector());
                out.put(rule.name(), first == null ? null : value(rule, first));
            }
        }
        return out;
    }

    private static Object value(Rule rule, Element element) {
        if (rule.fields() != null) {
            return apply(rule.fields(), element);
        }
        if (rule.attr() != null) {
            if (!element.hasAttr(rule.attr())) {
                return null;
            }
            return URL_ATTRIBUTES.contains(rule.attr()) ? element.absUrl(rule.attr()) : element.attr(rule.attr());
        }
        return element.text();
    }
}
