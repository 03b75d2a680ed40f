package dev.gleaner.core.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.client.admin.CreateTenantRequest;
import dev.gleaner.core.client.admin.UpdateTenantRequest;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.error.ConflictException;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.token.TokenRecords;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Creates and lists tenants; every change is audited in the same transaction. */
@Service
public class TenantService {

    private static final Logger log = LoggerFactory.getLogger(TenantService.class);

    private static final int MAX_NAME = 100;
    private static final int MAX_CAP = 1000;
    private static final int MAX_RETENTION_DAYS = 3650;
    private static final int MAX_REASON = 500;

    private final TenantRepository tenants;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final CoreProperties properties;
    private final TokenRecords records;

    public TenantService(TenantRepository tenants, AuditLog audit, TransactionalOperator tx, CoreProperties properties,
            TokenRecords records) {
        this.records = records;
        this.tenants = tenants;
        this.audit = audit;
        this.tx = tx;
        this.properties = properties;
    }

    public Mono<Tenant> create(CreateTenantRequest request, String actor) {
        List<InvalidInputException.FieldError> errors = check(request == null ? null : request.name(), true,
                request == null ? null : request.concurrencyCap(), request == null ? null : request.retentionDays());
        String name = request == null || request.name() == null ? "" : request.name().strip();
        Integer cap = request == null ? null : request.concurrencyCap();
        Integer retention = request == null ? null : request.retentionDays();
        if (!errors.isEmpty()) {
            return Mono.error(new InvalidInputException(errors));
        }
        UUID id = UUID.randomUUID();
        int effectiveCap = cap == null ? properties.defaultConcurrencyCap() : cap;
        return tenants.insert(id, name, effectiveCap, retention)
                .flatMap(t -> audit.record(actor, "tenant.create", id.toString(), "name=" + name
                        + (retention == null ? "" : ", retentionDays=" + retention)).thenReturn(t))
                .as(tx::transactional)
                .doOnNext(t -> log.info("{} created tenant '{}' ({})", actor, t.name(), t.id()))
                .onErrorMap(DuplicateKeyException.class,
                        e -> new ConflictException("a tenant named '" + name + "' already exists"));
    }

    /**
     * Changes a tenant's name, concurrency cap or retention (a field left out stays), audited with the values before
     * and after; its token records are written again, so every gateway and instance sees the change within their
     * caches' lifetime.
     */
    public Mono<Tenant> update(UUID id, UpdateTenantRequest request, String actor) {
        if (request == null || request.name() == null && request.concurrencyCap() == null
                && request.retentionDays() == null) {
            return Mono.error(InvalidInputException.of("name",
                    "at least one of name, concurrencyCap and retentionDays is required"));
        }
        List<InvalidInputException.FieldError> errors = check(request.name(), false, request.concurrencyCap(),
                request.retentionDays());
        if (!errors.isEmpty()) {
            return Mono.error(new InvalidInputException(errors));
        }
        String name = request.name() == null ? null : request.name().strip();
        Mono<Boolean> change = get(id).flatMap(before -> tenants.update(id, name, request.concurrencyCap(),
                        request.retentionDays())
                .flatMap(after -> audit.record(actor, "tenant.update", id.toString(), "before={" + describe(before)
                        + "}, after={" + describe(after) + "}"))
                .thenReturn(true));
        return records.change(tx, change, records.publishTenant(id))
                .onErrorMap(DuplicateKeyException.class,
                        e -> new ConflictException("a tenant named '" + name + "' already exists"))
                .then(get(id))
                .doOnNext(t -> log.info("{} changed tenant '{}' ({})", actor, t.name(), id));
    }

    private static String describe(Tenant t) {
        return "name=" + t.name() + ", concurrencyCap=" + t.concurrencyCap() + ", retentionDays="
                + (t.retentionDays() == null ? "default" : t.retentionDays());
    }

    private static List<InvalidInputException.FieldError> check(String given, boolean nameRequired, Integer cap,
            Integer retention) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        String name = given == null ? "" : given.strip();
        if (name.isEmpty() && (nameRequired || given != null)) {
            errors.add(new InvalidInputException.FieldError("name", "is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new InvalidInputException.FieldError("name", "must be at most " + MAX_NAME + " characters"));
        }
        // 0 used to mean "no cap" without saying so; every tenant has a cap now
        if (cap != null && (cap < 1 || cap > MAX_CAP)) {
            errors.add(new InvalidInputException.FieldError("concurrencyCap", "must be between 1 and " + MAX_CAP));
        }
        if (retention != null && (retention < 1 || retention > MAX_RETENTION_DAYS)) {
            errors.add(new InvalidInputException.FieldError("retentionDays", "must be between 1 and " + MAX_RETENTION_DAYS));
        }
        return errors;
    }

    /**
     * Suspends a tenant: its tokens are refused by every gateway (once their records are written, before the commit)
     * until it is resumed. Idempotent.
     */
    public Mono<Tenant> suspend(UUID id, String reason, String actor) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() > MAX_REASON) {
            return Mono.error(InvalidInputException.of("reason", "must be at most " + MAX_REASON + " characters"));
        }
        return suspension(id, true, actor, why.isEmpty() ? "" : "reason=" + why);
    }

    /** Resumes a suspended tenant: its tokens that are not revoked work again. Idempotent. */
    public Mono<Tenant> resume(UUID id, String actor) {
        return suspension(id, false, actor, "");
    }

    private Mono<Tenant> suspension(UUID id, boolean suspended, String actor, String details) {
        Mono<Boolean> change = tenants.suspend(id, suspended)
                .flatMap(found -> found ? audit.record(actor, suspended ? "tenant.suspend" : "tenant.resume",
                        id.toString(), details).thenReturn(true)
                        : Mono.error(new NotFoundException("no tenant with id " + id)));
        return records.change(tx, change, records.publishTenant(id))
                .then(get(id))
                .doOnNext(t -> log.info("{} {} tenant '{}' ({})", actor, suspended ? "suspended" : "resumed", t.name(), id));
    }

    public Flux<Tenant> page(String q, UUID plan, TenantRepository.Order order, boolean descending, long offset,
            int limit) {
        return tenants.findPage(q, plan, order, descending, offset, limit);
    }

    public Mono<Tenant> get(UUID id) {
        return tenants.findById(id).switchIfEmpty(Mono.error(new NotFoundException("no tenant with id " + id)));
    }
}
