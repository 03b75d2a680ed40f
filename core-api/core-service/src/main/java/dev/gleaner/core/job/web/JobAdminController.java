package dev.gleaner.core.job.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.job.AdminJobView;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.job.JobAdmin;
import dev.gleaner.core.job.JobStatus;
import dev.gleaner.core.policy.DomainPauses;
import dev.gleaner.core.web.CursorQuery;
import dev.gleaner.core.web.QueryParameters;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/jobs}: every tenant's jobs, for operators (admin API key required). */
@RestController
@RequestMapping("/admin/v1/jobs")
public class JobAdminController {

    private static final Set<String> PARAMETERS = Set.of("tenant", "status", "kind", "parent", "domain", "from", "to",
            "order");
    private static final Set<String> KINDS = Set.of("job", "batch", "crawl");

    private final JobAdmin jobs;

    public JobAdminController(JobAdmin jobs) {
        this.jobs = jobs;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    /**
     * Jobs newest first ({@code order=asc}: oldest first; pass the same order with a {@code cursor}): {@code tenant} (an id), {@code status}, {@code kind} ({@code job}, {@code batch} or
     * {@code crawl}), {@code parent} (a batch's or crawl's id), {@code domain} (the host's registrable domain, subdomains included), {@code from} (inclusive)
     * and {@code to} (exclusive) instants of creation, {@code cursor} (a listing's {@code next}), {@code limit} 1–500 (50).
     */
    @GetMapping
    public Mono<AdminJobView.Page> list(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.defer(() -> {
            List<FieldError> errors = new ArrayList<>();
            CursorQuery page = CursorQuery.read(query, PARAMETERS, errors);
            UUID tenant = QueryParameters.uuid(query, "tenant", errors);
            String status = query.getFirst("status");
            JobStatus wanted = status == null ? null : JobStatus.of(status).orElse(null);
            if (status != null && wanted == null) {
                errors.add(new FieldError("status", "must be one of queued, running, succeeded, failed, blocked, cancelled"));
            }
            String kind = query.getFirst("kind");
            if (kind != null && !KINDS.contains(kind)) {
                errors.add(new FieldError("kind", "must be job, batch or crawl"));
            }
            UUID parent = QueryParameters.uuid(query, "parent", errors);
            String domain = query.getFirst("domain");
            if (domain != null && DomainPauses.domainOrNull(domain) == null) {
                errors.add(new FieldError("domain", "must be a host name, a registrable domain or an IP address"));
            }
            Instant from = QueryParameters.instant(query, "from", errors);
            Instant to = QueryParameters.instant(query, "to", errors);
            String order = query.getFirst("order");
            if (order != null && !order.equals("asc") && !order.equals("desc")) {
                errors.add(new FieldError("order", "must be 'asc' or 'desc'"));
            }
            page.orThrow(errors);
            return jobs.list(new JobAdmin.Filter(tenant, wanted, kind, parent, domain, from, to), page.after(),
                    "asc".equals(order), page.limit());
        });
    }

    @GetMapping("/{id}")
    public Mono<AdminJobView> get(@PathVariable UUID id) {
        return jobs.get(id);
    }

    @PostMapping("/{id}/cancel")
    public Mono<AdminJobView> cancel(@PathVariable UUID id, ServerWebExchange exchange) {
        return jobs.cancel(id, CallerPrincipal.actorOf(exchange));
    }

    @PostMapping("/{id}/retry")
    public Mono<AdminJobView> retry(@PathVariable UUID id, ServerWebExchange exchange) {
        return jobs.retry(id, CallerPrincipal.actorOf(exchange));
    }
}
