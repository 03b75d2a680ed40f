package dev.gleaner.farm.client.lease;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The lease protocol in one process: the same rules as the Redis scripts (fair queue by stride
 * scheduling, caps, suspects, fencing, expiry), kept in memory behind one lock. The contract
 * tests run it beside {@code RedisLeaseBroker}, so the rules are written down twice and checked
 * against each other.
 */
final class InMemoryFarm implements LeaseBroker, NodeRegistry {

    private record Node(NodeInfo info, long expiresAt) {
    }

    private record Held(Lease lease, long expiresAt) {
    }

    private record Queued(Waiter waiter, long seq) {
    }

    private final Duration waiterTtl;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Long> suspects = new HashMap<>();
    private final Map<String, Long> draining = new HashMap<>();
    private final Map<String, Held> leases = new HashMap<>();
    private final Map<String, Long> waiterExpiry = new HashMap<>();
    private final Map<String, Deque<Queued>> queues = new HashMap<>();
    private final Map<String, Double> passes = new TreeMap<>();
    private final Map<String, Lease> grantsByWaiter = new HashMap<>();
    private final Sinks.Many<String> grantHints = Sinks.many().multicast().directBestEffort();
    private double vtime;
    private long fence;
    private long seq;

    InMemoryFarm(Duration waiterTtl) {
        this.waiterTtl = waiterTtl;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000L;
    }

    @Override
    public synchronized Mono<Void> heartbeat(NodeInfo node, Duration ttl) {
        nodes.put(node.nodeId(), new Node(node, now() + ttl.toMillis()));
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Void> deregister(String nodeId) {
        nodes.remove(nodeId);
        return Mono.empty();
    }

    @Override
    public synchronized Flux<NodeInfo> liveNodes() {
        long now = now();
        nodes.values().removeIf(n -> n.expiresAt() <= now);
        return Flux.fromIterable(nodes.values().stream().map(Node::info).toList());
    }

    @Override
    public synchronized Mono<LeaseDecision> acquire(Waiter waiter, Duration ttl) {
        long now = now();
        Lease granted = grantsByWaiter.remove(waiter.id());
        if (granted != null) {
            return Mono.just(new LeaseDecision.Granted(granted));
        }
        if (!waiterExpiry.containsKey(waiter.id())) {
            long arrival = ++seq;
            if (!passes.containsKey(waiter.tenantId())) {
                passes.put(waiter.tenantId(), vtime + (arrival % 1000) * 1e-7);
            }
            queues.computeIfAbsent(waiter.tenantId(), t -> new ArrayDeque<>()).add(new Queued(waiter, arrival));
        }
        waiterExpiry.put(waiter.id(), now + waiterTtl.toMillis());
        dispatch(ttl, now);
        granted = grantsByWaiter.remove(waiter.id());
        if (granted != null) {
            return Mono.just(new LeaseDecision.Granted(granted));
        }
        boolean atCap = waiter.cap() > 0 && tenantLeases(waiter.tenantId(), now) >= waiter.cap();
        int position = 0;
        for (Queued q : queues.getOrDefault(waiter.tenantId(), new ArrayDeque<>())) {
            if (q.waiter().id().equals(waiter.id())) {
                break;
            }
            position++;
        }
        return Mono.just(new LeaseDecision.Waiting(atCap, position));
    }

    @Override
    public synchronized Mono<Void> leave(String waiterId) {
        long now = now();
        Lease handed = grantsByWaiter.remove(waiterId);
        if (handed != null) {
            leases.remove(handed.leaseId());
        }
        waiterExpiry.remove(waiterId);
        queues.forEach((tenant, queue) -> queue.removeIf(q -> q.waiter().id().equals(waiterId)));
        dropEmptyQueues();
        dispatch(Duration.ofSeconds(15), now);
        return Mono.empty();
    }

    @Override
    public Flux<String> grants() {
        return grantHints.asFlux();
    }

    @Override
    public synchronized Mono<Boolean> renew(Lease lease, Duration ttl) {
        long now = now();
        Held held = leases.get(lease.leaseId());
        if (held == null || held.expiresAt() <= now || held.lease().fencingToken() != lease.fencingToken()) {
            return Mono.just(false);
        }
        leases.put(lease.leaseId(), new Held(held.lease(), now + ttl.toMillis()));
        return Mono.just(true);
    }

    @Override
    public synchronized Mono<Boolean> release(Lease lease) {
        long now = now();
        Held held = leases.get(lease.leaseId());
        if (held == null || held.expiresAt() <= now || held.lease().fencingToken() != lease.fencingToken()) {
            return Mono.just(false);
        }
        leases.remove(lease.leaseId());
        dispatch(Duration.ofSeconds(15), now);
        return Mono.just(true);
    }

    @Override
    public synchronized Mono<Void> markSuspect(String nodeId, Duration duration) {
        suspects.put(nodeId, now() + duration.toMillis());
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Lease> find(String leaseId) {
        Held held = leases.get(leaseId);
        return held == null || held.expiresAt() <= now() ? Mono.empty() : Mono.just(held.lease());
    }

    /** Hands free slots to waiters in fair order until slots or eligible waiters run out. */
    private void dispatch(Duration ttl, long now) {
        leases.values().removeIf(h -> h.expiresAt() <= now);
        waiterExpiry.values().removeIf(expiry -> expiry <= now);
        while (true) {
            NodeInfo node = freeNode(now);
            if (node == null) {
                return;
            }
            Queued next = nextWaiter(now);
            if (next == null) {
                return;
            }
            Waiter waiter = next.waiter();
            Lease lease = new Lease(waiter.id(), node.nodeId(), node.url(), ++fence, waiter.tenantId());
            leases.put(lease.leaseId(), new Held(lease, now + ttl.toMillis()));
            grantsByWaiter.put(waiter.id(), lease);
            double pass = passes.get(waiter.tenantId());
            vtime = pass;
            queues.get(waiter.tenantId()).poll();
            waiterExpiry.remove(waiter.id());
            passes.put(waiter.tenantId(), pass + 1.0 / waiter.weight());
            dropEmptyQueues();
            grantHints.tryEmitNext(waiter.id());
        }
    }

    private NodeInfo freeNode(long now) {
        nodes.values().removeIf(n -> n.expiresAt() <= now);
        NodeInfo best = null;
        long bestFree = 0;
        for (Node node : nodes.values()) {
            Long suspectUntil = suspects.get(node.info().nodeId());
            Long drainedUntil = draining.get(node.info().nodeId());
            if (suspectUntil != null && suspectUntil > now || drainedUntil != null && drainedUntil > now) {
                continue;
            }
            long used = leases.values().stream().filter(h -> h.lease().nodeId().equals(node.info().nodeId())).count();
            long free = node.info().capacity() - used;
            if (free > bestFree) {
                best = node.info();
                bestFree = free;
            }
        }
        return best;
    }

    /** The head waiter of the queued tenant with the lowest pass (ties by tenant id) that is under its cap. */
    private Queued nextWaiter(long now) {
        dropExpiredWaiters();
        List<Map.Entry<String, Double>> order = new ArrayList<>(passes.entrySet());
        order.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
        for (Map.Entry<String, Double> entry : order) {
            Queued head = queues.get(entry.getKey()).peek();
            if (head != null && (head.waiter().cap() == 0 || tenantLeases(entry.getKey(), now) < head.waiter().cap())) {
                return head;
            }
        }
        return null;
    }

    private void dropExpiredWaiters() {
        queues.values().forEach(queue -> queue.removeIf(q -> !waiterExpiry.containsKey(q.waiter().id())));
        dropEmptyQueues();
    }

    private void dropEmptyQueues() {
        for (Iterator<Map.Entry<String, Deque<Queued>>> it = queues.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Deque<Queued>> entry = it.next();
            if (entry.getValue().isEmpty()) {
                it.remove();
                passes.remove(entry.getKey());
            }
        }
    }

    private long tenantLeases(String tenantId, long now) {
        return leases.values().stream().filter(h -> h.expiresAt() > now && h.lease().tenantId().equals(tenantId)).count();
    }

    @Override
    public synchronized Mono<Long> busy(String nodeId) {
        long now = now();
        return Mono.just(leases.values().stream()
                .filter(held -> held.lease().nodeId().equals(nodeId) && held.expiresAt() > now).count());
    }

    @Override
    public synchronized Mono<Void> drain(String nodeId, Duration ttl) {
        draining.put(nodeId, now() + ttl.toMillis());
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Void> undrain(String nodeId) {
        draining.remove(nodeId);
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Boolean> isDraining(String nodeId) {
        Long until = draining.get(nodeId);
        return Mono.just(until != null && until > now());
    }

    @Override
    public synchronized Mono<Boolean> isSuspect(String nodeId) {
        Long until = suspects.get(nodeId);
        return Mono.just(until != null && until > now());
    }
}
