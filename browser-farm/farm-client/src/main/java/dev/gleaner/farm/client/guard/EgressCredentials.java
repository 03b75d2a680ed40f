package dev.gleaner.farm.client.guard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What core-api shows a farm node's shared egress port, so that its fetches leave from the farm
 * ({@code GLEANER_EGRESS_SECRET}, known to those two services only): {@code Proxy-Authorization: Gleaner
 * <epoch seconds>.<HMAC-SHA256 of them>}. The secret itself never crosses the network, and a captured header
 * stops being accepted after {@link #MAX_AGE}.
 */
public final class EgressCredentials {

    /** The authorization scheme, also named in the proxy's {@code Proxy-Authenticate}. */
    public static final String SCHEME = "Gleaner";
    /** How far a header's time may be from the proxy's clock, either way. */
    public static final Duration MAX_AGE = Duration.ofSeconds(60);

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;

    public EgressCredentials(String secret, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("GLEANER_EGRESS_SECRET must be at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    public EgressCredentials(String secret) {
        this(secret, Clock.systemUTC());
    }

    /** A {@code Proxy-Authorization} value made now. */
    public String header() {
        long now = clock.instant().getEpochSecond();
        return SCHEME + " " + now + "." + mac(now);
    }

    /** Whether {@code header} was made with this secret, less than {@link #MAX_AGE} from now. */
    public boolean accepts(String header) {
        if (header == null || !header.startsWith(SCHEME + " ")) {
            return false;
        }
        String token = header.substring(SCHEME.length() + 1).strip();
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long time;
        try {
            time = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - time) > MAX_AGE.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(mac(time).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(long time) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(("gleaner-egress\n" + time).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "EgressCredentials[secret=(set)]";
    }
}
