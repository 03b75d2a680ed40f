package dev.gleaner.core.client.admin;

/**
 * A change to a tenant ({@code PATCH /admin/v1/tenants/{id}}): each field is optional, at least one is given, and a
 * field left out stays as it is.
 */
public record UpdateTenantRequest(String name, Integer concurrencyCap, Integer retentionDays) {
}
