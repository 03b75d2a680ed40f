package dev.gleaner.core.client.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How webhook deliveries are signed, and how a receiver checks them: HMAC-SHA256 with the tenant's
 * secret over {@code "<unix seconds>.<body>"}, sent as {@value #HEADER}{@code : t=<seconds>,v1=<hex>}.
 */
public final class WebhookSignature {

    public static final String HEADER = "Gleaner-Signature";
    public static final String EVENT_HEADER = "Gleaner-Event";
    public static final String DELIVERY_HEADER = "Gleaner-Delivery";

    private WebhookSignature() {
    }

    /** The header value for {@code body} sent at {@code timestamp} (unix seconds). */
    public static String header(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + hmac(secret, timestamp, body);
    }

    /**
     * Whether {@code header} signs {@code body} with {@code secret}, at most {@code toleranceSeconds} from
     * {@code nowSeconds} (a receiver's defence against replays).
     */
    public static boolean verify(String secret, String header, byte[] body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long timestamp = null;
        String signature = null;
        for (String part : header.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                try {
                    timestamp = Long.parseLong(kv[1]);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                signature = kv[1];
            }
        }
        if (timestamp == null || signature == null || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        return MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                hmac(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is required by every JDK", e);
        }
    }
}
