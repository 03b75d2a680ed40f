package dev.gleaner.core.client.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What an identity signature covers besides principal and time: the method, the target (raw path
 * and raw query), the gateway's request id, and a SHA-256 digest of the body bytes. A captured
 * header set therefore fits no other request: not another path, query or body, and (core-api
 * remembers request ids for the signature's window) not the same request again.
 *
 * @param method     HTTP method
 * @param target     raw path, plus {@code ?} and the raw query when there is one
 * @param requestId  the gateway's request id
 * @param bodyDigest {@link #digest(byte[])} of the body bytes as sent
 */
public record SignedRequest(String method, String target, String requestId, String bodyDigest) {

    /** The target of a request: its raw path and, when present, {@code ?} and its raw query. */
    public static String target(String rawPath, String rawQuery) {
        return rawQuery == null || rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
    }

    /** Base64url SHA-256 of the body bytes (of nothing, for a request without a body). */
    public static String digest(byte[] body) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
