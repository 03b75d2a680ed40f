package dev.gleaner.core.client.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the identity headers with HMAC-SHA256 over a shared secret. The
 * signature binds principal, time and the {@link SignedRequest} (method, path and query, request
 * id, body digest), so a captured header set fits no other request, and none after {@code maxSkew}.
 */
public final class IdentitySigner {

    /** How old a signature may be unless configured otherwise. */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofSeconds(30);

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration maxSkew;

    public IdentitySigner(String secret, Duration maxSkew, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the identity secret must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.maxSkew = maxSkew;
        this.clock = clock;
    }

    public IdentitySigner(String secret) {
        this(secret, DEFAULT_MAX_SKEW, Clock.systemUTC());
    }

    /** How long a signature stays acceptable: a replay cache must remember request ids this long. */
    public Duration maxSkew() {
        return maxSkew;
    }

    /** Epoch seconds now, to be sent as {@link IdentityHeaders#TIMESTAMP}. */
    public long now() {
        return clock.instant().getEpochSecond();
    }

    public String sign(String principal, long timestamp, SignedRequest request) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            String payload = String.join("\n", principal, Long.toString(timestamp), request.method(), request.target(),
                    request.requestId() == null ? "" : request.requestId(), request.bodyDigest());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    /** True when the signature matches (compared in constant time) and the timestamp is fresh. */
    public boolean verify(String principal, String timestamp, SignedRequest request, String signature) {
        if (principal == null || timestamp == null || signature == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now() - ts) > maxSkew.toSeconds()) {
            return false;
        }
        byte[] expected = sign(principal, ts, request).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
