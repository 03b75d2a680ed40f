package dev.gleaner.farm.client.lease;

/** The broker's answer to a lease request. */
public sealed interface LeaseDecision {

    /** A slot was reserved. */
    record Granted(Lease lease) implements LeaseDecision {
    }

    /** The tenant already holds as many leases as its concurrency cap allows. */
    record TenantAtCapacity(int cap) implements LeaseDecision {
    }

    /** No live node has a free slot. */
    record NoCapacity() implements LeaseDecision {
    }
}
