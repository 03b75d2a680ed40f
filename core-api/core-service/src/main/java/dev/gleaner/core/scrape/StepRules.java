package dev.gleaner.core.scrape;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gleaner.core.client.scrape.Action;
import dev.gleaner.core.client.scrape.Format;
import dev.gleaner.core.error.InvalidInputException.FieldError;

/**
 * What {@code actions} and {@code formats} may hold: the types, the fields each type takes (a field
 * that belongs to another type is refused, not ignored), and their ranges.
 */
final class StepRules {

    static final int MAX_ACTIONS = 50;
    static final int MAX_SCRIPT = 10_000;
    static final int MAX_ACTION_TIMEOUT_MS = 60_000;
    static final int MAX_WAIT_MS = 30_000;
    private static final Set<String> DIRECTIONS = Set.of("up", "down", "top", "bottom");
    private static final Set<String> PAPER = Set.of("A3", "A4", "A5", "Letter", "Legal", "Tabloid");
    /** Per action type, the fields it takes besides {@code type} and {@code timeoutMs}. */
    private static final Map<String, Set<String>> ACTION_FIELDS = Map.of(
            "click", Set.of("selector"),
            "type", Set.of("selector", "text"),
            "press", Set.of("key"),
            "scroll", Set.of("direction", "selector"),
            "wait", Set.of("ms", "selector"),
            "evaluate", Set.of("script"),
            "screenshot", Set.of("fullPage"));
    private static final Map<String, Set<String>> FORMAT_FIELDS = Map.of(
            "html", Set.of(),
            "rawHtml", Set.of(),
            "markdown", Set.of(),
            "text", Set.of(),
            "links", Set.of(),
            "images", Set.of(),
            "metadata", Set.of(),
            "screenshot", Set.of("fullPage", "imageType", "quality", "inline"),
            "pdf", Set.of("format", "landscape", "printBackground", "inline"));

    private StepRules() {
    }

    static void checkActions(List<Action> actions, List<FieldError> errors) {
        if (actions == null) {
            return;
        }
        if (actions.size() > MAX_ACTIONS) {
            errors.add(new FieldError("actions", "must hold at most " + MAX_ACTIONS + " actions"));
            return;
        }
        for (int i = 0; i < actions.size(); i++) {
            String at = "actions[" + i + "]";
            Action action = actions.get(i);
            if (action == null || action.type() == null || !ACTION_FIELDS.containsKey(action.type())) {
                errors.add(new FieldError(at + ".type", "must be one of " + String.join(", ", sorted(ACTION_FIELDS.keySet()))));
                continue;
            }
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("selector", action.selector());
            given.put("text", action.text());
            given.put("key", action.key());
            given.put("direction", action.direction());
            given.put("ms", action.ms());
            given.put("script", action.script());
            given.put("fullPage", action.fullPage());
            foreignFields(at, action.type(), given, ACTION_FIELDS.get(action.type()), errors);
            checkAction(at, action, errors);
            if (action.timeoutMs() != null && (action.timeoutMs() < 1 || action.timeoutMs() > MAX_ACTION_TIMEOUT_MS)) {
                errors.add(new FieldError(at + ".timeoutMs", "must be between 1 and " + MAX_ACTION_TIMEOUT_MS));
            }
        }
    }

    private static void checkAction(String at, Action action, List<FieldError> errors) {
        switch (action.type()) {
            case "click" -> required(at + ".selector", action.selector(), 500, errors);
            case "type" -> {
                required(at + ".selector", action.selector(), 500, errors);
                required(at + ".text", action.text(), MAX_SCRIPT, errors);
            }
            case "press" -> {
                if (action.key() == null || !action.key().matches("[A-Za-z0-9+=\\-\\[\\]\\\\;',./`]{1,50}")) {
                    errors.add(new FieldError(at + ".key", "is required: a key or chord as Playwright names them,"
                            + " e.g. Enter, ArrowDown, Control+A"));
                }
            }
            case "scroll" -> {
                if ((action.direction() == null) == (action.selector() == null)) {
                    errors.add(new FieldError(at, "give either direction (up, down, top, bottom) or selector"));
                } else if (action.direction() != null && !DIRECTIONS.contains(action.direction())) {
                    errors.add(new FieldError(at + ".direction", "must be one of up, down, top, bottom"));
                } else if (action.selector() != null) {
                    required(at + ".selector", action.selector(), 500, errors);
                }
            }
            case "wait" -> {
                if ((action.ms() == null) == (action.selector() == null)) {
                    errors.add(new FieldError(at, "give either ms or selector"));
                } else if (action.ms() != null && (action.ms() < 0 || action.ms() > MAX_WAIT_MS)) {
                    errors.add(new FieldError(at + ".ms", "must be between 0 and " + MAX_WAIT_MS));
                } else if (action.selector() != null) {
                    required(at + ".selector", action.selector(), 500, errors);
                }
            }
            case "evaluate" -> required(at + ".script", action.script(), MAX_SCRIPT, errors);
            default -> {
                // screenshot: fullPage is optional
            }
        }
    }

    static void checkFormats(List<Format> formats, List<FieldError> errors) {
        if (formats == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < formats.size(); i++) {
            String at = "formats[" + i + "]";
            Format format = formats.get(i);
            if (format == null || format.type() == null || !FORMAT_FIELDS.containsKey(format.type())) {
                errors.add(new FieldError(at + ".type", "must be one of " + String.join(", ", sorted(FORMAT_FIELDS.keySet()))));
                continue;
            }
            if (!seen.add(format.type())) {
                errors.add(new FieldError(at, "'" + format.type() + "' is asked for twice"));
            }
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("fullPage", format.fullPage());
            given.put("imageType", format.imageType());
            given.put("quality", format.quality());
            given.put("format", format.format());
            given.put("landscape", format.landscape());
            given.put("printBackground", format.printBackground());
            given.put("inline", format.inline());
            foreignFields(at, format.type(), given, FORMAT_FIELDS.get(format.type()), errors);
            if (format.imageType() != null && !Set.of("png", "jpeg").contains(format.imageType())) {
                errors.add(new FieldError(at + ".imageType", "must be png or jpeg"));
            }
            if (format.quality() != null && (!"jpeg".equals(format.imageType()) || format.quality() < 0
                    || format.quality() > 100)) {
                errors.add(new FieldError(at + ".quality", "must be between 0 and 100, for imageType jpeg only"));
            }
            if (format.format() != null && !PAPER.contains(format.format())) {
                errors.add(new FieldError(at + ".format", "must be one of " + String.join(", ", sorted(PAPER))));
            }
        }
    }

    private static void foreignFields(String at, String type, Map<String, Object> given, Set<String> allowed,
            List<FieldError> errors) {
        given.forEach((field, value) -> {
            if (value != null && !allowed.contains(field)) {
                errors.add(new FieldError(at + "." + field, "does not apply to " + type));
            }
        });
    }

    private static void required(String field, String value, int max, List<FieldError> errors) {
        if (value == null || value.isEmpty() || value.length() > max) {
            errors.add(new FieldError(field, "is required: 1 to " + max + " characters"));
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
