package dev.gleaner.core.db;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.r2dbc.spi.Readable;

/** Reading PostgreSQL rows the same way everywhere. */
public final class Rows {

    private Rows() {
    }

    /** A {@code timestamptz} column as an instant, or null. */
    public static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
