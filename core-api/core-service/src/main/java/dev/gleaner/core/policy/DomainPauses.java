package dev.gleaner.core.policy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.client.policy.DomainPauseRequest;
import dev.gleaner.core.client.policy.DomainPauseView;
import dev.gleaner.core.error.DomainPausedException;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.lifecycle.PeriodicTask;
import dev.gleaner.core.tenant.TenantRepository;
import dev.gleaner.core.web.PageQuery;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Operators' pauses of fetching from a domain, for every tenant or for one. They are kept in
 * PostgreSQL (audited) and every instance reads the ones in force twice a second, so a pause made
 * through any instance is honoured by all within a second; the instance that made it, at once.
 * Every fetch asks {@link #check} first. Failure policy: when PostgreSQL cannot be read, the
 * instance keeps the pauses it read last (and logs it).
 */
@Service
public class DomainPauses extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(DomainPauses.class);
    static final Duration REFRESH = Duration.ofMillis(500);
    private static final int MAX_REASON = 500;
    private static final String SELECT =
            "SELECT id, domain, tenant_id, reason, until, created_at, created_by FROM domain_pauses";
    private static final String IN_FORCE = " WHERE ended_at IS NULL AND (until IS NULL OR until > now())";

    private final DatabaseClient db;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final TenantRepository tenants;
    private volatile List<DomainPauseView> inForce = List.of();

    public DomainPauses(DatabaseClient db, AuditLog audit, TransactionalOperator tx, TenantRepository tenants) {
        super("domain-pauses", REFRESH);
        this.tenants = tenants;
        this.db = db;
        this.audit = audit;
        this.tx = tx;
    }

    /** Fails with {@link DomainPausedException} when a pause in force covers this tenant's fetch of {@code url}. */
    public Mono<Void> check(UUID tenantId, URI url) {
        Optional<DomainPauseView> pause = DomainKey.ofUrl(url).flatMap(domain -> pausing(tenantId, domain));
        return pause.<Mono<Void>>map(p -> Mono.error(new DomainPausedException(p.domain(), p.reason(), p.until())))
                .orElse(Mono.empty());
    }

    /** The pause in force over this tenant and domain that lasts longest, if any. */
    Optional<DomainPauseView> pausing(UUID tenantId, String domain) {
        Instant now = Instant.now();
        return inForce.stream()
                .filter(p -> p.domain().equals(domain) && (p.tenantId() == null || p.tenantId().equals(tenantId)))
                .filter(p -> p.until() == null || p.until().isAfter(now))
                .max(Comparator.comparing(p -> p.until() == null ? Instant.MAX : p.until()));
    }

    /** The domains paused for this tenant (its own pauses and everyone's), for a render's egress proxy to refuse. */
    public List<String> pausedFor(UUID tenantId) {
        Instant now = Instant.now();
        return inForce.stream().filter(p -> p.tenantId() == null || p.tenantId().equals(tenantId))
                .filter(p -> p.until() == null || p.until().isAfter(now))
                .map(DomainPauseView::domain).distinct().toList();
    }

    /** The refusal of a fetch from a paused domain, naming the pause (or the domain alone when it just ended). */
    public DomainPausedException refusal(UUID tenantId, String domain) {
        return pausing(tenantId, domain).map(p -> new DomainPausedException(p.domain(), p.reason(), p.until()))
                .orElseGet(() -> new DomainPausedException(domain, "paused", null));
    }

    /** Every pause in force, as last read. */
    List<DomainPauseView> inForce() {
        return inForce;
    }

    /** The pauses in force over a domain, for any tenant. */
    public List<DomainPauseView> over(String domain) {
        Instant now = Instant.now();
        return inForce.stream().filter(p -> p.domain().equals(domain) && (p.until() == null || p.until().isAfter(now)))
                .toList();
    }

    @Override
    public Mono<Void> round() {
        return list().collectList()
                .doOnNext(read -> inForce = List.copyOf(read))
                .onErrorResume(e -> {
                    log.warn("domain pauses not read ({}); keeping the {} read last", e.toString(), inForce.size());
                    return Mono.empty();
                })
                .then();
    }

    /**
     * One page of the pauses in force: {@code q} matching a part of the domain or the reason, case aside;
     * {@code tenant} (when not null) the tenant they hold for (a global pause holds for every tenant).
     */
    public Flux<DomainPauseView> page(PageQuery<String> page, UUID tenant) {
        return db.sql(SELECT + IN_FORCE + " AND (CAST(:q AS text) IS NULL OR domain ILIKE '%' || :q || '%'"
                        + " OR reason ILIKE '%' || :q || '%')"
                        + " AND (CAST(:tenant AS uuid) IS NULL OR tenant_id IS NULL OR tenant_id = :tenant)"
                        + page.orderAndPage(page.sort(), "id"))
                .bind("q", Parameter.fromOrEmpty(page.likeQ(), String.class))
                .bind("tenant", Parameter.fromOrEmpty(tenant, UUID.class))
                .bind("offset", page.offset()).bind("limit", page.limit())
                .map(DomainPauses::view).all();
    }

    /** The pauses in force, newest first. */
    private Flux<DomainPauseView> list() {
        return db.sql(SELECT + IN_FORCE + " ORDER BY created_at DESC, id").map(DomainPauses::view).all();
    }

    public Mono<DomainPauseView> pause(DomainPauseRequest request, String actor) {
        return Mono.fromCallable(() -> validate(request))
                .flatMap(valid -> (valid.tenantId() == null ? Mono.just(true)
                        : tenants.findById(valid.tenantId()).hasElement())
                        .flatMap(known -> known ? insert(valid, actor)
                                : Mono.error(InvalidInputException.of("tenantId", "is not a tenant's id"))))
                .as(tx::transactional)
                .flatMap(made -> round().thenReturn(made))
                .doOnNext(p -> log.info("{} paused {}{}{}: {}", actor, p.domain(),
                        p.tenantId() == null ? "" : " for tenant " + p.tenantId(),
                        p.until() == null ? "" : " until " + p.until(), p.reason()));
    }

    private Mono<DomainPauseView> insert(DomainPauseRequest valid, String actor) {
        UUID id = UUID.randomUUID();
        return db.sql("""
                        INSERT INTO domain_pauses (id, domain, tenant_id, reason, until, created_by)
                        VALUES (:id, :domain, :tenant, :reason, :until, :actor)
                        RETURNING id, domain, tenant_id, reason, until, created_at, created_by""")
                .bind("id", id).bind("domain", valid.domain())
                .bind("tenant", Parameter.fromOrEmpty(valid.tenantId(), UUID.class))
                .bind("reason", valid.reason())
                .bind("until", Parameter.fromOrEmpty(valid.until() == null ? null
                        : valid.until().atOffset(ZoneOffset.UTC), OffsetDateTime.class))
                .bind("actor", actor)
                .map(DomainPauses::view).one()
                .flatMap(made -> audit.record(actor, "domain.pause", made.domain(), "id=" + made.id()
                        + (made.tenantId() == null ? "" : ", tenant=" + made.tenantId())
                        + (made.until() == null ? "" : ", until=" + made.until()) + ", reason=" + made.reason())
                        .thenReturn(made));
    }

    /** Ends a pause in force; 404 when there is none with this id. */
    public Mono<DomainPauseView> end(UUID id, String actor) {
        return db.sql("UPDATE domain_pauses SET ended_at = now(), ended_by = :actor WHERE id = :id AND ended_at IS NULL"
                        + " RETURNING id, domain, tenant_id, reason, until, created_at, created_by")
                .bind("id", id).bind("actor", actor)
                .map(DomainPauses::view).one()
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no pause in force with id " + id)))
                .flatMap(ended -> audit.record(actor, "domain.resume", ended.domain(), "id=" + id).thenReturn(ended))
                .as(tx::transactional)
                .flatMap(ended -> round().thenReturn(ended))
                .doOnNext(p -> log.info("{} ended the pause of {} ({})", actor, p.domain(), id));
    }

    /** The domain key of a host name, registrable domain or IP address an operator wrote; null when it is none. */
    public static String domainOrNull(String written) {
        String domain = written == null ? "" : written.strip();
        if (domain.isEmpty() || domain.length() > 253 || !domain.matches("\\[?[A-Za-z0-9.:-]+]?")) {
            return null;
        }
        String key = DomainKey.of(domain);
        return key.isEmpty() ? null : key;
    }

    private static DomainPauseRequest validate(DomainPauseRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String domain = domainOrNull(request == null ? null : request.domain());
        if (domain == null) {
            errors.add(new FieldError("domain", "must be a host name, a registrable domain or an IP address"));
        }
        String reason = request == null || request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            errors.add(new FieldError("reason", "is required, at most " + MAX_REASON + " characters"));
        }
        Instant until = request == null ? null : request.until();
        if (until != null && !until.isAfter(Instant.now())) {
            errors.add(new FieldError("until", "must be in the future"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new DomainPauseRequest(domain, request.tenantId(), reason, until);
    }

    private static DomainPauseView view(Readable row) {
        OffsetDateTime until = row.get("until", OffsetDateTime.class);
        return new DomainPauseView(row.get("id", UUID.class), row.get("domain", String.class),
                row.get("tenant_id", UUID.class), row.get("reason", String.class), until == null ? null : until.toInstant(),
                row.get("created_at", OffsetDateTime.class).toInstant(), row.get("created_by", String.class));
    }
}
