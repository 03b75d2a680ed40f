package dev.gleaner.admin.shell;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How values read on screen: instants in UTC to the second, absent ones as a dash. */
public final class Shown {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Shown() {
    }

    public static String instant(Instant at) {
        return at == null ? "–" : INSTANT.format(at);
    }

    public static String value(Object value) {
        return value == null ? "–" : value.toString();
    }
}
