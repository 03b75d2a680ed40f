package dev.gleaner.core.batch.web;

import java.net.URI;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.batch.BatchService;
import dev.gleaner.core.client.batch.BatchAccepted;
import dev.gleaner.core.client.batch.BatchResults;
import dev.gleaner.core.client.batch.BatchView;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.web.QueryParameters;
import dev.gleaner.web.RequestIdWebFilter;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /v1/batch}: many URLs scraped with the same options, one job each. Another tenant's batch is 404. */
@RestController
@RequestMapping("/v1/batch")
public class BatchController {

    private static final Set<String> RESULT_PARAMETERS = Set.of("cursor", "limit");

    private final BatchService batches;
    private final AuditLog audit;

    public BatchController(BatchService batches, AuditLog audit) {
        this.batches = batches;
        this.audit = audit;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<BatchAccepted>> submit(@RequestBody(required = false) Mono<JsonNode> body,
            ServerWebExchange exchange) {
        UUID tenant = CallerPrincipal.tenantOf(exchange);
        return body.switchIfEmpty(Mono.error(() -> InvalidInputException.of("body", "a JSON object with \"urls\" is required")))
                .flatMap(json -> batches.submit(tenant, json, RequestIdWebFilter.of(exchange))
                        .flatMap(batch -> audit.request(exchange, "batch.submit", "batch:" + batch.id(), "urls="
                                + batch.total() + ", first=" + json.path("urls").path(0).asString("")).thenReturn(batch)))
                .map(batch -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create("/v1/batch/" + batch.id()))
                        .body(new BatchAccepted(batch.id(), batch.total())));
    }

    @GetMapping("/{id}")
    public Mono<BatchView> get(@PathVariable UUID id, ServerWebExchange exchange) {
        return batches.get(CallerPrincipal.tenantOf(exchange), id);
    }

    @GetMapping("/{id}/results")
    public Mono<BatchResults> results(@PathVariable UUID id, ServerWebExchange exchange) {
        UUID tenant = CallerPrincipal.tenantOf(exchange);
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.defer(() -> {
            QueryParameters.onlyKnown(query, RESULT_PARAMETERS);
            return batches.results(tenant, id, query.getFirst("cursor"), QueryParameters.integer(query, "limit"));
        });
    }

    @DeleteMapping("/{id}")
    public Mono<BatchView> cancel(@PathVariable UUID id, ServerWebExchange exchange) {
        return batches.cancel(CallerPrincipal.tenantOf(exchange), id);
    }
}
