package dev.gleaner.farm.client.lease;

/**
 * One request waiting for a browser slot.
 *
 * @param id       unique per request; also the id of the lease it is granted
 * @param tenantId whose request it is
 * @param cap      the most leases the tenant may hold at once; 0 for no cap
 * @param weight   the tenant's share when tenants wait (from its plan): weight 2 gets two turns for weight 1's one
 */
public record Waiter(String id, String tenantId, int cap, int weight) {

    public Waiter {
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1");
        }
    }
}
