package dev.gleaner.farm.client.lease;

/** The broker's answer to a lease request. */
public sealed interface LeaseDecision {

    /** A slot was reserved. */
    record Granted(Lease lease) implements LeaseDecision {
    }

    /**
     * No slot for this waiter yet: it holds its place in the fair queue as long as it asks again
     * within the broker's waiter TTL.
     *
     * @param atCap    whether the tenant runs as many renders as its cap allows (else every slot is busy)
     * @param position waiters of the same tenant ahead of this one
     */
    record Waiting(boolean atCap, int position) implements LeaseDecision {
    }

    /** The tenant already holds as many leases as its concurrency cap allows (for a request that does not wait). */
    record TenantAtCapacity(int cap) implements LeaseDecision {
    }

    /** No live node has a free slot (for a request that does not wait). */
    record NoCapacity() implements LeaseDecision {
    }
}
