package dev.gleaner.farm.client.lease;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Hands out browser slots on live farm nodes. Every operation is atomic across all
 * core-api instances; a lease that is neither renewed nor released frees its slot when its
 * TTL runs out.
 */
public interface LeaseBroker {

    /**
     * Reserves a slot on the live node with the most free capacity.
     *
     * @param tenantId  the tenant the slot is for
     * @param tenantCap the most leases the tenant may hold at once; 0 for no cap
     * @param ttl       how long the lease lives unless renewed
     */
    Mono<LeaseDecision> acquire(String tenantId, int tenantCap, Duration ttl);

    /** Extends a live lease; false when it expired or its fencing token is stale. */
    Mono<Boolean> renew(Lease lease, Duration ttl);

    /** Returns the slot; false when the lease had already expired or been superseded. */
    Mono<Boolean> release(Lease lease);

    /**
     * Passes the node over for new leases for {@code duration}: a caller could not reach it (a
     * transport failure), so it must not attract every new lease with its all-free slots.
     */
    Mono<Void> markSuspect(String nodeId, Duration duration);

    /** The live lease with this id, or empty once it expired or was released. */
    Mono<Lease> find(String leaseId);
}
