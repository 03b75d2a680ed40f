package dev.gleaner.core.web;

import java.nio.ByteBuffer;
import java.util.Base64;

import dev.gleaner.core.error.InvalidInputException;

/** The cursor of a listing in a fixed order by a whole number (a batch's positions, a crawl's discovery order). */
public final class SeqCursor {

    private SeqCursor() {
    }

    /** A cursor that goes on after {@code seq}; opaque to clients. */
    public static String encode(int seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(4).putInt(seq).array());
    }

    /** A cursor that goes on after {@code seq}, for listings ordered by a 64-bit number (the audit log's ids). */
    public static String encodeLong(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(8).putLong(seq).array());
    }

    public static long decodeLong(String cursor) {
        return ByteBuffer.wrap(bytes(cursor, 8)).getLong();
    }

    public static int decode(String cursor) {
        return ByteBuffer.wrap(bytes(cursor, 4)).getInt();
    }

    private static byte[] bytes(String cursor, int length) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            if (bytes.length != length) {
                throw new IllegalArgumentException("length");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("cursor", "is not a cursor this API gave out; pass the 'next' of a page");
        }
    }
}
