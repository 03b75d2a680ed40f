package dev.gleaner.core.client.plan;

/**
 * Body of {@code POST /admin/v1/plans} and {@code PUT /admin/v1/plans/{id}}.
 *
 * @param allowances monthly allowances and features; null: unlimited, every feature
 */
public record PlanRequest(String name, PlanLimits limits, PlanAllowances allowances) {
}
