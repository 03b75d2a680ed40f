package dev.gleaner.core.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.web.PageQuery;
import dev.gleaner.core.client.plan.PlanAllowances;
import dev.gleaner.core.client.plan.PlanLimits;
import dev.gleaner.core.client.plan.PlanRequest;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.client.plan.Rate;
import dev.gleaner.core.error.ConflictException;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.tenant.TenantRepository;
import dev.gleaner.core.token.TokenRecords;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Plans and the tenants on them, through the admin API; every change is audited in its transaction. */
@Service
public class PlanService {

    static final int MAX_NAME = 100;
    static final int MAX_PER_SECOND = 100_000;
    static final int MAX_BURST = 1_000_000;
    static final long MAX_ALLOWANCE = 1_000_000_000_000L;

    private final PlanRepository plans;
    private final TenantRepository tenants;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final TokenRecords records;

    public PlanService(PlanRepository plans, AuditLog audit, TransactionalOperator tx, TokenRecords records,
            TenantRepository tenants) {
        this.tenants = tenants;
        this.records = records;
        this.plans = plans;
        this.audit = audit;
        this.tx = tx;
    }

    public Mono<PlanView> create(PlanRequest request, String actor) {
        return Mono.fromCallable(() -> validate(request))
                .flatMap(valid -> plans.insert(UUID.randomUUID(), valid.name(), valid.limits(), valid.allowances()))
                .flatMap(plan -> audit.record(actor, "plan.create", plan.id().toString(), "name=" + plan.name())
                        .thenReturn(plan))
                .as(tx::transactional)
                .onErrorMap(DuplicateKeyException.class, e -> new ConflictException("a plan named '"
                        + request.name().strip() + "' already exists"));
    }

    /** Changes a plan; its tenants' token records carry the new limits to the gateways before the commit. */
    public Mono<PlanView> update(UUID id, PlanRequest request, String actor) {
        Mono<PlanView> change = Mono.fromCallable(() -> validate(request))
                .flatMap(valid -> plans.find(id).switchIfEmpty(Mono.error(() -> new NotFoundException("no plan with id " + id)))
                        .flatMap(before -> plans.update(id, valid.name(), valid.limits(), valid.allowances())
                                .flatMap(after -> audit.record(actor, "plan.update", id.toString(), "before={"
                                        + describe(before) + "}, after={" + describe(after) + "}").thenReturn(after))));
        return records.change(tx, change, records.publishPlan(id))
                .onErrorMap(DuplicateKeyException.class, e -> new ConflictException("a plan named '"
                        + request.name().strip() + "' already exists"));
    }

    public Flux<PlanView> page(PageQuery<String> page) {
        return plans.page(page);
    }

    /** Puts a tenant on a plan. */
    public Mono<Void> assign(UUID tenantId, UUID planId, String actor) {
        if (planId == null) {
            return Mono.error(InvalidInputException.of("planId", "is required"));
        }
        Mono<Boolean> change = plans.find(planId)
                .switchIfEmpty(Mono.error(() -> InvalidInputException.of("planId", "is not a plan's id")))
                .flatMap(plan -> tenants.planOf(tenantId).map(UUID::toString).defaultIfEmpty("default")
                        .flatMap(before -> plans.assign(tenantId, planId)
                                .flatMap(done -> done ? audit.record(actor, "tenant.plan", tenantId.toString(),
                                                "before={plan=" + before + "}, after={plan=" + planId + "}").thenReturn(true)
                                        : Mono.error(new NotFoundException("no tenant with id " + tenantId)))));
        return records.change(tx, change, records.publishTenant(tenantId)).then();
    }

    /** A plan as its audit entries show it, before and after a change. */
    private static String describe(PlanView plan) {
        return "name=" + plan.name() + ", version=" + plan.version() + ", limits=" + plan.limits() + ", allowances="
                + plan.allowances();
    }

    private static PlanRequest validate(PlanRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String name = request == null || request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be 1 to " + MAX_NAME + " characters"));
        }
        PlanLimits limits = request == null ? null : request.limits();
        if (limits == null) {
            errors.add(new FieldError("limits", "is required: {scrape, jobs, crawls, read}, each {perSecond, burst}"));
        } else {
            check(limits.scrape(), "limits.scrape", errors);
            check(limits.jobs(), "limits.jobs", errors);
            check(limits.crawls(), "limits.crawls", errors);
            check(limits.read(), "limits.read", errors);
        }
        PlanAllowances allowances = request == null || request.allowances() == null ? PlanAllowances.UNLIMITED
                : request.allowances();
        positive(allowances.requestsPerMonth(), "allowances.requestsPerMonth", errors);
        positive(allowances.pagesPerMonth(), "allowances.pagesPerMonth", errors);
        positive(allowances.browserSecondsPerMonth(), "allowances.browserSecondsPerMonth", errors);
        positive(allowances.concurrentBrowsers() == null ? null : allowances.concurrentBrowsers().longValue(),
                "allowances.concurrentBrowsers", errors);
        positive(allowances.maxCrawlPages() == null ? null : allowances.maxCrawlPages().longValue(),
                "allowances.maxCrawlPages", errors);
        positive(allowances.retentionDays() == null ? null : allowances.retentionDays().longValue(),
                "allowances.retentionDays", errors);
        positive(allowances.llmTokensPerMonth(), "allowances.llmTokensPerMonth", errors);
        if (allowances.llmModel() != null && (allowances.llmModel().isBlank() || allowances.llmModel().length() > 200)) {
            errors.add(new FieldError("allowances.llmModel", "must be a model's name of 1 to 200 characters"));
        }
        if (allowances.llmMaxInputTokens() != null && (allowances.llmMaxInputTokens() < 500
                || allowances.llmMaxInputTokens() > 2_000_000)) {
            errors.add(new FieldError("allowances.llmMaxInputTokens", "must be between 500 and 2000000"));
        }
        if (allowances.features() != null) {
            allowances.features().stream().filter(f -> f == null || !PlanAllowances.FEATURES.contains(f)).findFirst()
                    .ifPresent(f -> errors.add(new FieldError("allowances.features", "'" + f + "' is not a feature (known: "
                            + String.join(", ", new java.util.TreeSet<>(PlanAllowances.FEATURES)) + ")")));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new PlanRequest(name, limits, allowances);
    }

    /** An allowance is null (unlimited) or a count from 0 (nothing at all) to a trillion. */
    private static void positive(Long allowance, String field, List<FieldError> errors) {
        if (allowance != null && (allowance < 0 || allowance > MAX_ALLOWANCE)) {
            errors.add(new FieldError(field, "must be null (unlimited) or between 0 and " + MAX_ALLOWANCE));
        }
    }

    private static void check(Rate rate, String field, List<FieldError> errors) {
        if (rate == null) {
            errors.add(new FieldError(field, "is required: {perSecond, burst}"));
            return;
        }
        if (rate.perSecond() == null || rate.perSecond() < 1 || rate.perSecond() > MAX_PER_SECOND) {
            errors.add(new FieldError(field + ".perSecond", "must be between 1 and " + MAX_PER_SECOND));
        }
        if (rate.burst() == null || rate.burst() > MAX_BURST
                || rate.perSecond() != null && rate.burst() < rate.perSecond() || rate.burst() < 1) {
            errors.add(new FieldError(field + ".burst", "must be between perSecond and " + MAX_BURST));
        }
    }
}
