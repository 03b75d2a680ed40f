package dev.gleaner.core.client.identity;

/**
 * Headers with which the gateway tells core-api who is calling. core-api trusts them only when
 * the signature verifies with the secret the two share; clients cannot set them (the gateway
 * drops any they send).
 */
public final class IdentityHeaders {

    /** Who the request is for: {@code tenant:<uuid>} or {@code service:gateway}. */
    public static final String PRINCIPAL = "X-Gleaner-Principal";
    /** Epoch seconds at which the gateway signed. */
    public static final String TIMESTAMP = "X-Gleaner-Timestamp";
    /** Base64url HMAC-SHA256 over principal, timestamp, method, path and request id. */
    public static final String SIGNATURE = "X-Gleaner-Signature";

    /** Prefix of every identity header, stripped from what clients send. */
    public static final String PREFIX = "X-Gleaner-";

    public static final String TENANT_PREFIX = "tenant:";
    public static final String GATEWAY_SERVICE = "service:gateway";

    private IdentityHeaders() {
    }
}
