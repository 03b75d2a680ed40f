package dev.gleaner.core.client.plan;

import java.time.Instant;
import java.util.UUID;

/**
 * A plan as the admin API shows it.
 *
 * @param isDefault the plan of every tenant not put on another (there is exactly one)
 * @param allowances monthly allowances and features ({@link PlanAllowances#UNLIMITED} when it names none)
 * @param version   counts its changes from 1
 */
public record PlanView(UUID id, String name, boolean isDefault, PlanLimits limits, PlanAllowances allowances,
        long version, Instant createdAt, Instant updatedAt) {
}
