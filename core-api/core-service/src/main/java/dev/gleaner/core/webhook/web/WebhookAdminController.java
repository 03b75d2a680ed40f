package dev.gleaner.core.webhook.web;

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

import dev.gleaner.core.client.webhook.DeliveryView;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.web.QueryParameters;
import dev.gleaner.core.webhook.WebhookOutbox;
import reactor.core.publisher.Mono;

/** The admin API's view of webhook deliveries: list them (dead ones especially) and send one again. */
@RestController
@RequestMapping("/admin/v1/webhooks/deliveries")
public class WebhookAdminController {

    private static final Set<String> PARAMETERS = Set.of("status", "tenant", "limit");
    private static final Set<String> STATUSES = Set.of("pending", "delivered", "dead");

    private final WebhookOutbox outbox;

    public WebhookAdminController(WebhookOutbox outbox) {
        this.outbox = outbox;
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
            UUID tenant;
            try {
                tenant = query.getFirst("tenant") == null ? null : UUID.fromString(query.getFirst("tenant"));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("tenant", "must be a tenant id");
            }
            Integer limit = QueryParameters.integer(query, "limit");
            int size = limit == null ? 50 : limit;
            if (size < 1 || size > 500) {
                throw InvalidInputException.of("limit", "must be between 1 and 500");
            }
            return outbox.list(status, tenant, size).collectList();
        });
    }

    @PostMapping("/{id}/retry")
    public Mono<DeliveryView> retry(@PathVariable UUID id) {
        return outbox.retry(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("no undelivered webhook delivery with id " + id)));
    }
}
