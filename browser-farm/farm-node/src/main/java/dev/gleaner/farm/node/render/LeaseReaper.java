package dev.gleaner.farm.node.render;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.node.pool.BrowserPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;

/**
 * Ends renders whose lease is gone: when core-api dies mid-render its lease expires, and the
 * browser context of that render is closed at the render's next step instead of running on.
 */
@Component
public class LeaseReaper {

    private static final Logger log = LoggerFactory.getLogger(LeaseReaper.class);

    private final BrowserPool pool;
    private final LeaseBroker leases;
    private final NodeInfo self;
    private final Counter reaped;

    public LeaseReaper(BrowserPool pool, LeaseBroker leases, NodeInfo self, MeterRegistry meters) {
        this.pool = pool;
        this.leases = leases;
        this.self = self;
        this.reaped = Counter.builder("gleaner.farm.contexts.reaped")
                .description("Renders (and their browser contexts) ended because their lease expired or moved").register(meters);
    }

    @Scheduled(fixedDelayString = "${gleaner.farm.reaper-interval:2s}")
    public void reap() {
        Flux.fromIterable(pool.activeLeases())
                .flatMap(leaseId -> leases.find(leaseId)
                        .filter(lease -> lease.nodeId().equals(self.nodeId()))
                        .hasElement()
                        .filter(held -> !held)
                        .doOnNext(gone -> {
                            log.warn("lease {} is gone; cancelling its render", leaseId);
                            pool.cancel(leaseId);
                            reaped.increment();
                        }))
                .onErrorResume(e -> {
                    log.warn("lease reaper could not reach Redis: {}", e.toString());
                    return Flux.empty();
                })
                .subscribe();
    }
}
