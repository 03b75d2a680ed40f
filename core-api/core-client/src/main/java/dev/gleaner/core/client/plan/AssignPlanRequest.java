package dev.gleaner.core.client.plan;

import java.util.UUID;

/** Body of {@code PUT /admin/v1/tenants/{id}/plan}. */
public record AssignPlanRequest(UUID planId) {
}
