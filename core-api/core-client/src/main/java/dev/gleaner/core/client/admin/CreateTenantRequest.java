package dev.gleaner.core.client.admin;

/**
 * @param name           unique, 1–100 characters
 * @param concurrencyCap most browser renders the tenant may run at once; null for the default
 */
public record CreateTenantRequest(String name, Integer concurrencyCap) {

    public CreateTenantRequest(String name) {
        this(name, null);
    }
}
