package dev.gleaner.core.client.token;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.gleaner.core.client.plan.PlanLimits;

/**
 * What core-api knows about a presented API token. Inactive tokens (unknown, revoked, or of a
 * disabled tenant) carry no tenant.
 *
 * @param planId      the tenant's plan
 * @param planVersion its version: limits of another version are another bucket
 * @param limits      what the plan allows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenIntrospection(boolean active, UUID tenantId, String tenantName, UUID planId, Long planVersion,
        PlanLimits limits) {

    public static TokenIntrospection inactive() {
        return new TokenIntrospection(false, null, null, null, null, null);
    }
}
