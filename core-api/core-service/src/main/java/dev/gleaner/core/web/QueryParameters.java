package dev.gleaner.core.web;

import java.util.Set;
import java.util.TreeSet;

import org.springframework.util.MultiValueMap;

import dev.gleaner.core.error.InvalidInputException;

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
}
