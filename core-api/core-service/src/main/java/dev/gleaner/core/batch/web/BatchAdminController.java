package dev.gleaner.core.batch.web;

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

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.batch.BatchService;
import dev.gleaner.core.client.batch.AdminBatchView;
import dev.gleaner.core.client.batch.BatchView;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.web.CursorQuery;
import dev.gleaner.core.web.QueryParameters;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/batches}: every tenant's batches with their progress, for operators (admin API key). */
@RestController
@RequestMapping("/admin/v1/batches")
public class BatchAdminController {

    private static final Set<String> PARAMETERS = Set.of("tenant");

    private final BatchService batches;
    private final AuditLog audit;

    public BatchAdminController(BatchService batches, AuditLog audit) {
        this.batches = batches;
        this.audit = audit;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    /** Batches newest first: {@code tenant}, {@code cursor}, {@code limit} 1–500 (50). */
    @GetMapping
    public Mono<AdminBatchView.Page> list(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.defer(() -> {
            List<FieldError> errors = new ArrayList<>();
            CursorQuery page = CursorQuery.read(query, PARAMETERS, errors);
            UUID tenant = QueryParameters.uuid(query, "tenant", errors);
            page.orThrow(errors);
            return batches.list(tenant, page.after(), page.limit());
        });
    }

    /** Cancels what of any tenant's batch has not started (jobs already running finish). Audited. */
    @PostMapping("/{id}/cancel")
    public Mono<BatchView> cancel(@PathVariable UUID id, ServerWebExchange exchange) {
        return batches.cancel(null, id)
                .flatMap(cancelled -> audit.record(CallerPrincipal.actorOf(exchange), "batch.cancel", id.toString(),
                        "by an operator").thenReturn(cancelled));
    }
}
