package dev.gleaner.farm.node.pool;

import java.util.List;
import java.util.Set;

import dev.gleaner.farm.client.node.NodeStatus;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import reactor.core.publisher.Mono;

/**
 * The node's browsers. Each render runs in a fresh browser context that is closed when the
 * render ends, whatever the outcome.
 */
public interface BrowserPool {

    /** Renders on a free browser; waits briefly for one when all are busy. */
    Mono<RenderResult> render(RenderRequest request);

    /** Ends the render of this lease at its next step (the lease expired or was superseded). */
    void cancel(String leaseId);

    /** Leases whose renders are in flight. */
    Set<String> activeLeases();

    /** The renders in flight, oldest first, each with its lease and when it started. */
    List<NodeStatus.Render> rendersInFlight();

    /** Resident memory of the browsers and their drivers. */
    long memoryBytes();

    /** Renders finished since the pool started. */
    long rendersDone();

    int capacity();

    /** Browsers that work right now (launched and connected); what the node offers the farm. */
    int usable();

    int busy();

    /** Browser contexts made ahead of a render, ready for the next one. */
    int warmContexts();
}
