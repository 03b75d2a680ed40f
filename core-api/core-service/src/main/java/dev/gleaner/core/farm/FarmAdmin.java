package dev.gleaner.core.farm;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.client.admin.FarmNodeView;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.client.node.NodeStatus;
import dev.gleaner.farm.client.node.NodeStatusBoard;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The farm for operators: every live node with its slots, browsers, memory, renders in flight and how the farm
 * treats it; and draining a node (no new leases; those in flight run to their end) or undraining it. A drain lasts
 * until undrained, {@link #DRAIN_TTL} at most (a node that never comes back leaves nothing behind). Audited.
 */
@Service
public class FarmAdmin {

    static final Duration DRAIN_TTL = Duration.ofHours(24);

    private final NodeRegistry nodes;
    private final NodeStatusBoard board;
    private final LeaseBroker leases;
    private final AuditLog audit;

    public FarmAdmin(NodeRegistry nodes, NodeStatusBoard board, LeaseBroker leases, AuditLog audit) {
        this.nodes = nodes;
        this.board = board;
        this.leases = leases;
        this.audit = audit;
    }

    public Flux<FarmNodeView> list() {
        return nodes.liveNodes().flatMap(this::view, 8).sort(Comparator.comparing(FarmNodeView::nodeId));
    }

    public Mono<FarmNodeView> drain(String nodeId, String actor) {
        return live(nodeId).flatMap(node -> nodes.drain(nodeId, DRAIN_TTL)
                .then(audit.record(actor, "farm.drain", nodeId, "no new leases for up to " + DRAIN_TTL.toHours() + " h"))
                .then(view(node)));
    }

    public Mono<FarmNodeView> undrain(String nodeId, String actor) {
        return live(nodeId).flatMap(node -> nodes.undrain(nodeId)
                .then(audit.record(actor, "farm.undrain", nodeId, "takes leases again"))
                .then(view(node)));
    }

    private Mono<NodeInfo> live(String nodeId) {
        return nodes.liveNodes().filter(node -> node.nodeId().equals(nodeId)).next()
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no live farm node " + nodeId)));
    }

    private Mono<FarmNodeView> view(NodeInfo node) {
        String id = node.nodeId();
        return Mono.zip(board.status(id).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        leases.busy(id).defaultIfEmpty(0L), leases.isSuspect(id).defaultIfEmpty(false),
                        nodes.isDraining(id).defaultIfEmpty(false))
                .map(parts -> view(node, parts.getT1().orElse(null), parts.getT2(), parts.getT3(), parts.getT4()));
    }

    private static FarmNodeView view(NodeInfo node, NodeStatus status, long busy, boolean suspect, boolean draining) {
        if (status == null) {
            return new FarmNodeView(node.nodeId(), node.url(), node.capacity(), node.capacity(), busy, null, null, null,
                    null, List.of(), suspect, draining, null);
        }
        return new FarmNodeView(node.nodeId(), node.url(), status.capacity(), node.capacity(), busy,
                status.memoryBytes(), status.rendersDone(), status.startedAt(), status.reportedAt(),
                status.renders().stream().map(r -> new FarmNodeView.Render(r.leaseId(), r.startedAt())).toList(),
                suspect, draining, status.warmContexts());
    }
}
