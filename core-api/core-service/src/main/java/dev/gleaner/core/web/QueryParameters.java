package dev.gleaner.core.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.util.MultiValueMap;

import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;

/** Query parameters of listings, read strictly: a parameter the endpoint does not know is refused by name. */
public final class QueryParameters {

    private QueryParameters() {
    }

    public static void onlyKnown(MultiValueMap<String, String> query, Set<String> known) {
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                throw InvalidInputException.of(name, "is not a parameter here (known: " + String.join(", ",
                        new TreeSet<>(known)) + ")");
            }
        }
    }

    /** The whole number named {@code name}, or null when absent. */
    public static Integer integer(MultiValueMap<String, String> query, String name) {
        String value = query.getFirst(name);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(name, "must be a whole number");
        }
    }

    /** The instant named {@code name}, or null when absent or bad (then {@code errors} says so). */
    public static Instant instant(MultiValueMap<String, String> query, String name, List<FieldError> errors) {
        String value = query.getFirst(name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an instant such as 2026-12-01T10:00:00Z"));
            return null;
        }
    }

    /** The id named {@code name}, or null when absent or bad (then {@code errors} says so). */
    public static UUID uuid(MultiValueMap<String, String> query, String name, List<FieldError> errors) {
        String value = query.getFirst(name);
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, "must be an id such as 0197a5b2-8c3e-7c1f-9d2a-3b4c5d6e7f80"));
            return null;
        }
    }

    /** The {@code limit} parameter: {@code fallback} when absent; a value outside 1–{@code max} is an error. */
    public static int limit(MultiValueMap<String, String> query, int fallback, int max, List<FieldError> errors) {
        Integer limit = integer(query, "limit");
        if (limit != null && (limit < 1 || limit > max)) {
            errors.add(new FieldError("limit", "must be between 1 and " + max));
        }
        return limit == null ? fallback : limit;
    }
}
