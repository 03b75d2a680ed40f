package dev.gleaner.core.job.web;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.job.JobAccepted;
import dev.gleaner.core.client.job.JobList;
import dev.gleaner.core.client.job.JobView;
import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.job.JobService;
import dev.gleaner.core.web.QueryParameters;
import dev.gleaner.web.RequestIdWebFilter;
import dev.gleaner.web.Traces;
import reactor.core.publisher.Mono;

/**
 * {@code /v1/jobs}: a scrape submitted now and run by a worker, fetched later. Only the tenant that
 * submitted a job sees it; any other id answers 404.
 */
@RestController
@RequestMapping("/v1/jobs")
public class JobController {

    /** The header that makes a retried submission return the job the first one made. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Set<String> LIST_PARAMETERS = Set.of("status", "cursor", "limit");

    private final JobService jobs;
    private final AuditLog audit;

    public JobController(JobService jobs, AuditLog audit) {
        this.jobs = jobs;
        this.audit = audit;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<JobAccepted>> submit(@RequestBody(required = false) Mono<ScrapeRequest> body,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey, ServerWebExchange exchange) {
        UUID tenant = CallerPrincipal.tenantOf(exchange);
        return body.map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(request -> jobs.submit(tenant, request.orElse(null), idempotencyKey,
                                RequestIdWebFilter.of(exchange))
                        .doOnNext(submitted -> Traces.tag(exchange, "job.id", submitted.job().id().toString()))
                        .flatMap(submitted -> !submitted.created() ? Mono.just(submitted)
                                : audit.request(exchange, "job.submit", request.get().url(), "job=" + submitted.job().id())
                                        .thenReturn(submitted)))
                .map(submitted -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create("/v1/jobs/" + submitted.job().id()))
                        .body(new JobAccepted(submitted.job().id(), submitted.job().status().wire())));
    }

    @GetMapping("/{id}")
    public Mono<JobView> get(@PathVariable UUID id, ServerWebExchange exchange) {
        return jobs.get(CallerPrincipal.tenantOf(exchange), id);
    }

    @GetMapping
    public Mono<JobList> list(ServerWebExchange exchange) {
        UUID tenant = CallerPrincipal.tenantOf(exchange);
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.defer(() -> {
            QueryParameters.onlyKnown(query, LIST_PARAMETERS);
            return jobs.list(tenant, query.getFirst("status"), query.getFirst("cursor"),
                    QueryParameters.integer(query, "limit"));
        });
    }

    @DeleteMapping("/{id}")
    public Mono<JobView> cancel(@PathVariable UUID id, ServerWebExchange exchange) {
        return jobs.cancel(CallerPrincipal.tenantOf(exchange), id);
    }
}
