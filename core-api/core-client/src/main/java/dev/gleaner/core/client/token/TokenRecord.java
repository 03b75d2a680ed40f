package dev.gleaner.core.client.token;

import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.gleaner.core.client.plan.PlanLimits;

/**
 * What core-api publishes in Redis about one API token, so that a gateway resolves it without a
 * database round trip: the tenant, its plan's limits and the token's status. Never the secret: the
 * key is the SHA-256 of the secret (what the database stores too), and only a client holding the
 * token can compute it.
 *
 * @param publicId the token's public id, checked against the presented token's
 * @param status    {@code active}, {@code revoked} or {@code suspended} (its tenant is)
 * @param expiresAt when the token stops working by itself (null: never)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRecord(String publicId, String status, UUID tenantId, String tenantName, UUID planId,
        Long planVersion, PlanLimits limits, Instant expiresAt) {

    /** A record of a token that does not expire. */
    public TokenRecord(String publicId, String status, UUID tenantId, String tenantName, UUID planId, Long planVersion,
            PlanLimits limits) {
        this(publicId, status, tenantId, tenantName, planId, planVersion, limits, null);
    }

    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";
    public static final String SUSPENDED = "suspended";

    /** The record's key for a token whose secret hashes to {@code secretHash}. */
    public static String key(String namespace, byte[] secretHash) {
        return namespace + ":token:" + HexFormat.of().formatHex(secretHash);
    }

    /** HASH public id → epoch second of its last use, filled by the gateways and emptied by core-api. */
    public static String lastUsedKey(String namespace) {
        return namespace + ":{tokens}:last-used";
    }

    /**
     * What the gateway makes of this record for the token {@code presented}: active only if it is this token's, active
     * and not past its expiry.
     */
    public TokenIntrospection introspection(ApiTokenFormat.Parsed presented) {
        if (!ACTIVE.equals(status) || !presented.publicId().equals(publicId)
                || expiresAt != null && !Instant.now().isBefore(expiresAt)) {
            return TokenIntrospection.inactive();
        }
        return new TokenIntrospection(true, tenantId, tenantName, planId, planVersion, limits);
    }
}
