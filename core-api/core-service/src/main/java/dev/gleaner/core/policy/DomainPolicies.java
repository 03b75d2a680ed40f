package dev.gleaner.core.policy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.client.policy.DomainPolicyRequest;
import dev.gleaner.core.client.policy.DomainPolicyView;
import dev.gleaner.core.config.DomainProperties;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.lifecycle.PeriodicTask;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Operators' own politeness settings per domain (rate, concurrency), kept in PostgreSQL (audited,
 * with the settings before and after) and read by every instance twice a second, as the pauses are.
 * Failure policy: when PostgreSQL cannot be read, the instance keeps what it read last.
 */
@Service
public class DomainPolicies extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(DomainPolicies.class);
    private static final double MAX_RATE = 1000;
    private static final int MAX_SETTING = 1000;
    private static final String COLUMNS =
            "domain, rate_per_second, max_concurrency, breaker_failures, block_pause_after, updated_at, updated_by";

    /**
     * What the gate does for one domain: its rate ceiling, burst and fetches in flight at once, the failures in a row
     * that open its breaker, and the blocks that pause it (0 never).
     */
    public record Limits(double rate, int burst, int maxConcurrency, int breakerFailures, int blockPauseAfter) {
    }

    private final DatabaseClient db;
    private final AuditLog audit;
    private final TransactionalOperator tx;
    private final DomainProperties defaults;
    private volatile Map<String, DomainPolicyView> own = Map.of();

    public DomainPolicies(DatabaseClient db, AuditLog audit, TransactionalOperator tx, DomainProperties defaults) {
        super("domain-policies", DomainPauses.REFRESH);
        this.db = db;
        this.audit = audit;
        this.tx = tx;
        this.defaults = defaults;
    }

    /** The domain's limits: its own settings where it has them, the defaults elsewhere; a burst is ≤ 1 s's worth. */
    public Limits limits(String domain) {
        DomainPolicyView set = own.get(domain);
        double rate = set != null && set.ratePerSecond() != null ? set.ratePerSecond() : defaults.rate();
        int concurrency = set != null && set.maxConcurrency() != null ? set.maxConcurrency() : defaults.maxConcurrency();
        int failures = set != null && set.breakerFailures() != null ? set.breakerFailures() : defaults.breakerFailures();
        int blocks = set != null && set.blockPauseAfter() != null ? set.blockPauseAfter() : defaults.blockPauseAfter();
        return new Limits(rate, (int) Math.max(1, Math.min(defaults.burst(), Math.floor(rate))), concurrency, failures,
                blocks);
    }

    public Optional<DomainPolicyView> find(String domain) {
        return Optional.ofNullable(own.get(domain));
    }

    @Override
    public Mono<Void> round() {
        return db.sql("SELECT " + COLUMNS + " FROM domain_policies").map(DomainPolicies::view).all()
                .collectMap(DomainPolicyView::domain, Function.identity())
                .doOnNext(read -> own = Map.copyOf(read))
                .onErrorResume(e -> {
                    log.warn("domain policies not read ({}); keeping the {} read last", e.toString(), own.size());
                    return Mono.empty();
                })
                .then();
    }

    /** Sets a domain's own settings (both at once: a null one goes back to the default). */
    public Mono<DomainPolicyView> set(String domainOrHost, DomainPolicyRequest request, String actor) {
        return Mono.fromCallable(() -> validate(domainOrHost, request))
                .flatMap(domain -> current(domain).map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(before -> db.sql("""
                                        INSERT INTO domain_policies (domain, rate_per_second, max_concurrency,
                                            breaker_failures, block_pause_after, updated_by)
                                        VALUES (:domain, :rate, :concurrency, :failures, :blocks, :actor)
                                        ON CONFLICT (domain) DO UPDATE SET rate_per_second = :rate,
                                            max_concurrency = :concurrency, breaker_failures = :failures,
                                            block_pause_after = :blocks, updated_at = now(), updated_by = :actor
                                        RETURNING""" + " " + COLUMNS)
                                .bind("domain", domain)
                                .bind("rate", Parameter.fromOrEmpty(request.ratePerSecond(), Double.class))
                                .bind("concurrency", Parameter.fromOrEmpty(request.maxConcurrency(), Integer.class))
                                .bind("failures", Parameter.fromOrEmpty(request.breakerFailures(), Integer.class))
                                .bind("blocks", Parameter.fromOrEmpty(request.blockPauseAfter(), Integer.class))
                                .bind("actor", actor)
                                .map(DomainPolicies::view).one()
                                .flatMap(after -> audit.record(actor, "domain.policy.set", domain,
                                        "before={" + describe(before.orElse(null)) + "}, after={" + describe(after) + "}")
                                        .thenReturn(after))))
                .as(tx::transactional)
                .flatMap(made -> round().thenReturn(made));
    }

    /** Removes a domain's own settings (the defaults apply again); 404 when it has none. */
    public Mono<DomainPolicyView> clear(String domainOrHost, String actor) {
        String domain = DomainKey.of(domainOrHost);
        return db.sql("DELETE FROM domain_policies WHERE domain = :domain RETURNING " + COLUMNS).bind("domain", domain)
                .map(DomainPolicies::view).one()
                .switchIfEmpty(Mono.error(() -> new NotFoundException(domain + " has no settings of its own")))
                .flatMap(before -> audit.record(actor, "domain.policy.clear", domain,
                        "before={" + describe(before) + "}, after={defaults}").thenReturn(before))
                .as(tx::transactional)
                .flatMap(cleared -> round().thenReturn(cleared));
    }

    public Flux<DomainPolicyView> list() {
        return Flux.fromIterable(own.values());
    }

    private Mono<DomainPolicyView> current(String domain) {
        return db.sql("SELECT " + COLUMNS + " FROM domain_policies WHERE domain = :domain").bind("domain", domain)
                .map(DomainPolicies::view).one();
    }

    private static String describe(DomainPolicyView view) {
        return view == null ? "defaults" : "ratePerSecond=" + orDefault(view.ratePerSecond())
                + ", maxConcurrency=" + orDefault(view.maxConcurrency()) + ", breakerFailures="
                + orDefault(view.breakerFailures()) + ", blockPauseAfter=" + orDefault(view.blockPauseAfter());
    }

    private static String orDefault(Object setting) {
        return setting == null ? "default" : setting.toString();
    }

    private static String validate(String domainOrHost, DomainPolicyRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String domain = DomainPauses.domainOrNull(domainOrHost);
        if (domain == null) {
            errors.add(new FieldError("domain", "must be a host name, a registrable domain or an IP address"));
        }
        if (request == null || request.ratePerSecond() == null && request.maxConcurrency() == null
                && request.breakerFailures() == null && request.blockPauseAfter() == null) {
            errors.add(new FieldError("ratePerSecond",
                    "at least one of ratePerSecond, maxConcurrency, breakerFailures and blockPauseAfter is required"));
        } else {
            if (request.ratePerSecond() != null && !(request.ratePerSecond() > 0 && request.ratePerSecond() <= MAX_RATE)) {
                errors.add(new FieldError("ratePerSecond", "must be above 0 and at most " + (int) MAX_RATE));
            }
            between(errors, "maxConcurrency", request.maxConcurrency(), 1);
            between(errors, "breakerFailures", request.breakerFailures(), 1);
            between(errors, "blockPauseAfter", request.blockPauseAfter(), 0);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return domain;
    }

    private static void between(List<FieldError> errors, String field, Integer value, int min) {
        if (value != null && (value < min || value > MAX_SETTING)) {
            errors.add(new FieldError(field, "must be " + min + "–" + MAX_SETTING));
        }
    }

    private static DomainPolicyView view(Readable row) {
        return new DomainPolicyView(row.get("domain", String.class), row.get("rate_per_second", Double.class),
                row.get("max_concurrency", Integer.class), row.get("breaker_failures", Integer.class),
                row.get("block_pause_after", Integer.class), row.get("updated_at", OffsetDateTime.class).toInstant(),
                row.get("updated_by", String.class));
    }
}
