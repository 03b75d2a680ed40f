package dev.gleaner.core.extract;

import java.util.LinkedHashSet;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges what the model extracted from the chunks of one long page, by the schema's shape (by the values' own
 * where the schema says nothing): objects field by field, arrays concatenated without repeats (in order), and
 * any other value from the first chunk that has it (not null).
 */
final class JsonMerge {

    private JsonMerge() {
    }

    static JsonNode merge(JsonNode schema, JsonNode first, JsonNode second) {
        if (absent(first)) {
            return second;
        }
        if (absent(second)) {
            return first;
        }
        String type = type(schema);
        if (("object".equals(type) || type == null) && first.isObject() && second.isObject()) {
            ObjectNode merged = JsonNodeFactory.instance.objectNode();
            Set<String> names = new LinkedHashSet<>(first.propertyNames());
            names.addAll(second.propertyNames());
            for (String name : names) {
                JsonNode value = merge(property(schema, name), first.get(name), second.get(name));
                if (value != null) {
                    merged.set(name, value);
                }
            }
            return merged;
        }
        if (("array".equals(type) || type == null) && first.isArray() && second.isArray()) {
            Set<JsonNode> items = new LinkedHashSet<>();
            first.forEach(items::add);
            second.forEach(items::add);
            ArrayNode merged = JsonNodeFactory.instance.arrayNode();
            items.forEach(merged::add);
            return merged;
        }
        return first;
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    /** The schema's {@code type}, when it names one (the first non-null of a list). */
    private static String type(JsonNode schema) {
        if (schema == null || !schema.has("type")) {
            return null;
        }
        JsonNode type = schema.get("type");
        if (type.isString()) {
            return type.asString();
        }
        for (JsonNode t : type) {
            if (t.isString() && !"null".equals(t.asString())) {
                return t.asString();
            }
        }
        return null;
    }

    private static JsonNode property(JsonNode schema, String name) {
        return schema == null || !schema.has("properties") ? null : schema.get("properties").get(name);
    }
}
