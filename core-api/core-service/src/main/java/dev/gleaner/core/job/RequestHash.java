package dev.gleaner.core.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-256 of a request as stored, to tell one submission from another. */
public final class RequestHash {

    private RequestHash() {
    }

    public static byte[] of(String requestJson) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(requestJson.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
