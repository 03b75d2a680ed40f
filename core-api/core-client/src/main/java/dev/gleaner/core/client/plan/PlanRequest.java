package dev.gleaner.core.client.plan;

/** Body of {@code POST /admin/v1/plans} and {@code PUT /admin/v1/plans/{id}}. */
public record PlanRequest(String name, PlanLimits limits) {
}
