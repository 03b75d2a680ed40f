package dev.gleaner.core.client.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API tokens look like {@code glt_<12 hex public id>_<43 chars secret>}: the public id finds the
 * stored row, the secret (256 random bits) is stored only as its SHA-256 hash. A slow password
 * hash buys nothing for secrets this random.
 */
public final class ApiTokenFormat {

    public static final String PREFIX = "glt_";
    private static final int PUBLIC_ID_HEX = 12;
    private static final int SECRET_CHARS = 43;
    private static final int TOKEN_LENGTH = PREFIX.length() + PUBLIC_ID_HEX + 1 + SECRET_CHARS;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token split into its parts. */
    public record Parsed(String publicId, String secret) {
        @Override
        public String toString() {
            return "Parsed[publicId=" + publicId + ", secret=<redacted>]";
        }
    }

    /** A new token and what is stored of it. */
    public record Minted(String token, String publicId, byte[] secretHash) {
        @Override
        public String toString() {
            return "Minted[publicId=" + publicId + "]";
        }
    }

    private ApiTokenFormat() {
    }

    public static Minted mint() {
        byte[] id = new byte[PUBLIC_ID_HEX / 2];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String publicId = HexFormat.of().formatHex(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Minted(PREFIX + publicId + "_" + secretText, publicId, hash(secretText));
    }

    /**
     * The token's parts when it has exactly the minted shape ({@code glt_}, 12 hex digits, {@code _}, 43
     * base64url characters); empty otherwise, so anything else is refused without a look-up.
     */
    public static Optional<Parsed> parse(String token) {
        if (token == null || token.length() != TOKEN_LENGTH || !token.startsWith(PREFIX)
                || token.charAt(PREFIX.length() + PUBLIC_ID_HEX) != '_') {
            return Optional.empty();
        }
        String publicId = token.substring(PREFIX.length(), PREFIX.length() + PUBLIC_ID_HEX);
        String secret = token.substring(PREFIX.length() + PUBLIC_ID_HEX + 1);
        if (!publicId.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
                || !secret.chars().allMatch(ApiTokenFormat::base64url)) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(publicId, secret));
    }

    private static boolean base64url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    public static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** Constant-time comparison of a presented secret with a stored hash. */
    public static boolean matches(String secret, byte[] storedHash) {
        return MessageDigest.isEqual(hash(secret), storedHash);
    }
}
