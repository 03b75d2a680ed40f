package dev.gleaner.core.webhook.web;

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
import dev.gleaner.core.client.webhook.DeliveryDetail;
import dev.gleaner.core.client.webhook.DeliveryView;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.web.QueryParameters;
import dev.gleaner.core.webhook.WebhookOutbox;
import reactor.core.publisher.Mono;

/**
 * The admin API's view of webhook deliveries: list them (dead ones especially), one with its attempts, and send one
 * again.
 */
@RestController
@RequestMapping("/admin/v1/webhooks/deliveries")
public class WebhookAdminController {

    private static final Set<String> PARAMETERS = Set.of("status", "tenant", "before", "limit");
    private static final Set<String> STATUSES = Set.of("pending", "delivered", "dead");

    private final WebhookOutbox outbox;
    private final AuditLog audit;

    public WebhookAdminController(WebhookOutbox outbox, AuditLog audit) {
        this.outbox = outbox;
        this.audit = audit;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    @GetMapping
    public Mono<List<DeliveryView>> list(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.defer(() -> {
            QueryParameters.onlyKnown(query, PARAMETERS);
            String status = query.getFirst("status");
            if (status != null && !STATUSES.contains(status)) {
                throw InvalidInputException.of("status", "must be one of dead, delivered, pending");
            }
            List<FieldError> errors = new ArrayList<>();
            UUID tenant = QueryParameters.uuid(query, "tenant", errors);
            UUID before = QueryParameters.uuid(query, "before", errors);
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            Integer limit = QueryParameters.integer(query, "limit");
            int size = limit == null ? 50 : limit;
            if (size < 1 || size > 500) {
                throw InvalidInputException.of("limit", "must be between 1 and 500");
            }
            return outbox.list(status, tenant, before, size).collectList();
        });
    }

    /** One delivery with every attempt to send it. */
    @GetMapping("/{id}")
    public Mono<DeliveryDetail> get(@PathVariable UUID id) {
        return outbox.find(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no webhook delivery with id " + id)))
                .zipWith(outbox.attempts(id).collectList(), DeliveryDetail::new);
    }

    /** Sends an undelivered delivery again from its first attempt; audited. */
    @PostMapping("/{id}/retry")
    public Mono<DeliveryView> retry(@PathVariable UUID id, ServerWebExchange exchange) {
        return outbox.retry(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no undelivered webhook delivery with id " + id)))
                .flatMap(again -> audit.record(CallerPrincipal.actorOf(exchange), "webhook.redeliver", id.toString(),
                        again.event() + " to " + again.url()).thenReturn(again));
    }
}
