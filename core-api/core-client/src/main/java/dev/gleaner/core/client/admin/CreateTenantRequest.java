package dev.gleaner.core.client.admin;

/**
 * @param name           unique, 1–100 characters
 * @param concurrencyCap most browser renders the tenant may run at once; null for the default
 * @param retentionDays  how long its results and artifacts are kept, 1–3650 days; null for the default
 */
public record CreateTenantRequest(String name, Integer concurrencyCap, Integer retentionDays) {

    public CreateTenantRequest(String name) {
        this(name, null, null);
    }
}
