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

    public static int decode(String cursor) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            if (bytes.length != 4) {
                throw new IllegalArgumentException("length");
            }
            return ByteBuffer.wrap(bytes).getInt();
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("cursor", "is not a cursor this API gave out; pass the 'next' of a page");
        }
    }
}
