package dev.gleaner.core.crawl.web;

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
import dev.gleaner.core.client.crawl.AdminCrawlView;
import dev.gleaner.core.crawl.CrawlService;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.web.CursorQuery;
import dev.gleaner.core.web.QueryParameters;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/crawls}: every tenant's crawls with their progress, for operators (admin API key). */
@RestController
@RequestMapping("/admin/v1/crawls")
public class CrawlAdminController {

    private static final Set<String> PARAMETERS = Set.of("tenant", "status");
    private static final Set<String> STATES = Set.of("running", "succeeded", "failed", "cancelled");

    private final CrawlService crawls;
    private final AuditLog audit;

    public CrawlAdminController(CrawlService crawls, AuditLog audit) {
        this.crawls = crawls;
        this.audit = audit;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    /** Crawls newest first: {@code tenant}, {@code status} (running, succeeded, failed, cancelled), cursor, limit 1–500. */
    @GetMapping
    public Mono<AdminCrawlView.Page> list(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.defer(() -> {
            List<FieldError> errors = new ArrayList<>();
            CursorQuery page = CursorQuery.read(query, PARAMETERS, errors);
            UUID tenant = QueryParameters.uuid(query, "tenant", errors);
            String status = query.getFirst("status");
            if (status != null && !STATES.contains(status)) {
                errors.add(new FieldError("status", "must be running, succeeded, failed or cancelled"));
            }
            page.orThrow(errors);
            return crawls.list(tenant, status, page.after(), page.limit());
        });
    }

    @GetMapping("/{id}")
    public Mono<AdminCrawlView> get(@PathVariable UUID id) {
        return crawls.getAny(id);
    }

    /** Cancels any tenant's running crawl: no page starts any more, pages being fetched finish. Audited. */
    @PostMapping("/{id}/cancel")
    public Mono<AdminCrawlView> cancel(@PathVariable UUID id, ServerWebExchange exchange) {
        return crawls.cancel(null, id)
                .flatMap(cancelled -> audit.record(CallerPrincipal.actorOf(exchange), "crawl.cancel", id.toString(),
                        "by an operator"))
                .then(crawls.getAny(id));
    }
}
