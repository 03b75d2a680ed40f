package dev.gleaner.core.plan;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.lifecycle.PeriodicTask;
import reactor.core.publisher.Mono;

/**
 * Every plan, read from PostgreSQL each second, so that admission (quotas, features) needs no query of
 * its own. Failure policy: when PostgreSQL cannot be read, the plans read last are kept.
 */
@Component
public class PlanCatalog extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(PlanCatalog.class);
    private static final Duration REFRESH = Duration.ofSeconds(1);

    private final PlanRepository plans;
    private volatile Map<UUID, PlanView> byId = Map.of();
    private volatile PlanView defaultPlan;

    public PlanCatalog(PlanRepository plans) {
        super("plan-catalog", REFRESH);
        this.plans = plans;
    }

    /** The plan of a tenant on {@code planId} (null: the default plan). */
    public Mono<PlanView> of(UUID planId) {
        PlanView known = planId == null ? defaultPlan : byId.get(planId);
        return known != null ? Mono.just(known) : round().then(Mono.fromSupplier(() -> planId == null ? defaultPlan
                : byId.getOrDefault(planId, defaultPlan)));
    }

    @Override
    public Mono<Void> round() {
        return plans.list().collectMap(PlanView::id, Function.identity())
                .doOnNext(read -> {
                    byId = Map.copyOf(read);
                    defaultPlan = read.values().stream().filter(PlanView::isDefault).findFirst().orElse(defaultPlan);
                })
                .onErrorResume(e -> {
                    log.warn("plans not read ({}); keeping the {} read last", e.toString(), byId.size());
                    return Mono.empty();
                })
                .then();
    }
}
