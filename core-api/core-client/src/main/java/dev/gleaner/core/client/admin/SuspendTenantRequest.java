package dev.gleaner.core.client.admin;

/** @param reason why, for the audit log (optional, at most 500 characters) */
public record SuspendTenantRequest(String reason) {
}
