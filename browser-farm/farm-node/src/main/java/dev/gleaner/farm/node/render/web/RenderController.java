package dev.gleaner.farm.node.render.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.render.FarmClient;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import dev.gleaner.farm.node.pool.BrowserPool;
import reactor.core.publisher.Mono;

/** The node's render endpoint: renders only for a lease this node holds, with its current fencing token. */
@RestController
public class RenderController {

    private final BrowserPool pool;
    private final LeaseBroker leases;
    private final NodeInfo self;

    public RenderController(BrowserPool pool, LeaseBroker leases, NodeInfo self) {
        this.pool = pool;
        this.leases = leases;
        this.self = self;
    }

    @PostMapping(FarmClient.RENDER_PATH)
    public Mono<ResponseEntity<RenderResult>> render(@RequestBody RenderRequest request) {
        if (request.leaseId() == null || request.url() == null || request.timeoutMs() <= 0) {
            return Mono.just(ResponseEntity.badRequest().body(RenderResult.failed(RenderOutcome.LEASE_REJECTED,
                    request.url(), 0, "leaseId, url and a positive timeoutMs are required")));
        }
        return leases.find(request.leaseId())
                .filter(this::heldHere)
                .filter(lease -> lease.fencingToken() == request.fencingToken())
                .flatMap(lease -> pool.render(request).map(ResponseEntity::ok))
                .switchIfEmpty(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.CONFLICT)
                        .body(RenderResult.failed(RenderOutcome.LEASE_REJECTED, request.url(), 0,
                                "lease " + request.leaseId() + " is not held by node " + self.nodeId()
                                        + " with fencing token " + request.fencingToken()))));
    }

    private boolean heldHere(Lease lease) {
        return lease.nodeId().equals(self.nodeId());
    }
}
