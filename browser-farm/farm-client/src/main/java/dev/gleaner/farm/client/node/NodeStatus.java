package dev.gleaner.farm.client.node;

import java.time.Instant;
import java.util.List;

/**
 * What a farm node reports of itself with each heartbeat, for operators.
 *
 * @param capacity    browsers it runs
 * @param usable      of them, those that work right now
 * @param busy        renders in flight
 * @param memoryBytes resident memory of its browsers and their drivers
 * @param rendersDone renders it finished since it started
 * @param renders     the renders in flight, each with its lease and when it started
 * @param draining    whether an operator drains it (it gets no new leases)
 * @param warmContexts browser contexts made ahead of a render, ready for the next one
 */
public record NodeStatus(String nodeId, String url, int capacity, int usable, int busy, long memoryBytes,
        long rendersDone, Instant startedAt, Instant reportedAt, List<Render> renders, boolean draining,
        int warmContexts) {

    public record Render(String leaseId, Instant startedAt) {
    }
}
