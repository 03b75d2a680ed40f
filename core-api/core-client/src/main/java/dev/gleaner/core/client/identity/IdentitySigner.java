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
 * signature binds principal, time, method, path and request id, so a captured header set
 * cannot be replayed for another request path or after {@code maxSkew}.
 */
public final class IdentitySigner {

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
        this(secret, Duration.ofSeconds(60), Clock.systemUTC());
    }

    /** Epoch seconds now, to be sent as {@link IdentityHeaders#TIMESTAMP}. */
    public long now() {
        return clock.instant().getEpochSecond();
    }

    public String sign(String principal, long timestamp, String method, String path, String requestId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            String payload = String.join("\n", principal, Long.toString(timestamp), method, path,
                    requestId == null ? "" : requestId);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    /** True when the signature matches (compared in constant time) and the timestamp is fresh. */
    public boolean verify(String principal, String timestamp, String method, String path, String requestId,
            String signature) {
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
        byte[] expected = sign(principal, ts, method, path, requestId).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
