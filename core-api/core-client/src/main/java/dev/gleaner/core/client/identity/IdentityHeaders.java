package dev.gleaner.core.client.identity;

/**
 * Headers with which the gateway tells core-api who is calling. core-api trusts them only when
 * the signature verifies with the secret the two share; clients cannot set them (the gateway
 * drops any they send).
 */
public final class IdentityHeaders {

    /**
     * Who the request is for: {@code service:gateway}, or {@code tenant:<uuid>} with what the gateway knows of the
     * caller ({@code ;token=<public id>;client=<address>}, see {@link TenantCaller}); signed with the rest.
     */
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

    /**
     * A tenant principal: the tenant, and (from the gateway) the public id of the token and the client's address.
     * The address keeps only characters an IP address (or a host) has, so it cannot break the format.
     */
    public record TenantCaller(java.util.UUID tenantId, String tokenId, String clientAddress) {

        public String principal() {
            StringBuilder principal = new StringBuilder(TENANT_PREFIX).append(tenantId);
            if (tokenId != null) {
                principal.append(";token=").append(clean(tokenId));
            }
            if (clientAddress != null) {
                principal.append(";client=").append(clean(clientAddress));
            }
            return principal.toString();
        }

        /** Reads {@code tenant:<uuid>[;token=…][;client=…]}; IllegalArgumentException when it is none. */
        public static TenantCaller parse(String principal) {
            if (principal == null || !principal.startsWith(TENANT_PREFIX)) {
                throw new IllegalArgumentException("not a tenant principal");
            }
            String[] parts = principal.substring(TENANT_PREFIX.length()).split(";");
            String token = null;
            String client = null;
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].startsWith("token=")) {
                    token = parts[i].substring("token=".length());
                } else if (parts[i].startsWith("client=")) {
                    client = parts[i].substring("client=".length());
                } else {
                    throw new IllegalArgumentException("unknown principal part");
                }
            }
            return new TenantCaller(java.util.UUID.fromString(parts[0]), token, client);
        }

        private static String clean(String value) {
            String kept = value.replaceAll("[^A-Za-z0-9._:\\[\\]-]", "");
            return kept.length() > 64 ? kept.substring(0, 64) : kept;
        }
    }
}
