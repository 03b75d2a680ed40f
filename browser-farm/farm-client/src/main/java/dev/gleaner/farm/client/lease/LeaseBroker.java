package dev.gleaner.farm.client.lease;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hands out browser slots on live farm nodes, fairly: when every slot is busy, waiting requests
 * queue per tenant and tenants take turns (weighted by their plan), so one tenant's hundreds of
 * waiting requests cannot hold back another tenant's one by more than a render. Every operation is
 * atomic across all core-api instances; a lease that is neither renewed nor released frees its
 * slot when its TTL runs out, and a waiter that stops asking loses its place after
 * {@link #WAITER_TTL}.
 */
public interface LeaseBroker {

    /** How long a waiter keeps its place without asking again. */
    Duration WAITER_TTL = Duration.ofSeconds(5);

    /**
     * Asks for a slot for this waiter: granted when a free slot reaches it in fair order (on the live
     * node with the most free slots); otherwise it waits in the queue and must ask again (at once when
     * {@link #grants()} names it, and within {@link #WAITER_TTL} in any case).
     *
     * @param ttl how long the lease lives unless renewed
     */
    Mono<LeaseDecision> acquire(Waiter waiter, Duration ttl);

    /** The waiter gives up; a slot handed to it meanwhile goes on to the next waiter. */
    Mono<Void> leave(String waiterId);

    /**
     * Ids of waiters a slot was just handed to, as the broker announces them: a hint to ask again
     * at once. Hints can be lost; waiters ask again on their own as well.
     */
    Flux<String> grants();

    /**
     * Waits in the fair queue for a slot until {@code waitUntil} (a {@link System#nanoTime()} value):
     * asks, then asks again as soon as {@link #grants()} names the waiter, or after {@code poll} at the
     * latest (which also keeps its place). Each answer to wait goes to {@code onWaiting}.
     *
     * @return the lease; empty when time ran out, the waiter still queued (the caller leaves)
     */
    default Mono<Lease> awaitSlot(Waiter waiter, Duration ttl, long waitUntil, Duration poll,
            Consumer<LeaseDecision.Waiting> onWaiting) {
        return acquire(waiter, ttl)
                .flatMap(decision -> switch (decision) {
                    case LeaseDecision.Granted granted -> Mono.just(granted.lease());
                    case LeaseDecision.Waiting waiting -> {
                        onWaiting.accept(waiting);
                        yield Mono.<Lease>empty();
                    }
                    default -> Mono.<Lease>error(new IllegalStateException("unexpected lease decision " + decision));
                })
                .repeatWhenEmpty(turns -> turns.concatMap(turn -> nextTurn(waiter.id(), waitUntil, poll))
                        .takeWhile(askAgain -> askAgain));
    }

    /** True when it is time to ask again (a slot announced for the waiter, or the poll interval); false when time is up. */
    private Mono<Boolean> nextTurn(String waiterId, long waitUntil, Duration poll) {
        long left = waitUntil - System.nanoTime();
        if (left <= 0) {
            return Mono.just(false);
        }
        return grants().filter(waiterId::equals).next().map(id -> true)
                .timeout(Duration.ofNanos(Math.min(left, poll.toNanos())), Mono.just(true));
    }

    /**
     * Asks once, without waiting: a slot, or why there is none.
     *
     * @param tenantCap the most leases the tenant may hold at once; 0 for no cap
     */
    default Mono<LeaseDecision> acquire(String tenantId, int tenantCap, Duration ttl) {
        Waiter waiter = new Waiter(UUID.randomUUID().toString(), tenantId, tenantCap, 1);
        return acquire(waiter, ttl).flatMap(decision -> decision instanceof LeaseDecision.Waiting waiting
                ? leave(waiter.id()).thenReturn(waiting.atCap()
                        ? new LeaseDecision.TenantAtCapacity(tenantCap) : new LeaseDecision.NoCapacity())
                : Mono.just(decision));
    }

    /** Extends a live lease; false when it expired or its fencing token is stale. */
    Mono<Boolean> renew(Lease lease, Duration ttl);

    /** Returns the slot (to the next waiter, if any); false when the lease had already expired or been superseded. */
    Mono<Boolean> release(Lease lease);

    /**
     * Passes the node over for new leases for {@code duration}: a caller could not reach it (a
     * transport failure), so it must not attract every new lease with its all-free slots.
     */
    Mono<Void> markSuspect(String nodeId, Duration duration);

    /** The live lease with this id, or empty once it expired or was released. */
    Mono<Lease> find(String leaseId);

    /** How many live leases the node holds now (its busy slots). */
    Mono<Long> busy(String nodeId);

    /** Whether the node is passed over for new leases because a caller could not reach it lately. */
    Mono<Boolean> isSuspect(String nodeId);
}
