package dev.gleaner.admin.shell;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.HasValue;

/** How values read on screen: instants in UTC to the second, absent ones as a dash. */
public final class Shown {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Shown() {
    }

    public static String instant(Instant at) {
        return at == null ? "–" : INSTANT.format(at);
    }

    /** What an operator typed into a search field, for core-api's {@code q}: null when nothing. */
    public static String query(HasValue<?, String> search) {
        String typed = search.getValue();
        return typed == null || typed.isBlank() ? null : typed.strip();
    }

    public static String value(Object value) {
        return value == null ? "–" : value.toString();
    }
}
