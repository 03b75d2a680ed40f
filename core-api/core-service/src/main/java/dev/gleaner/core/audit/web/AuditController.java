package dev.gleaner.core.audit.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.client.audit.AuditEntry;
import dev.gleaner.core.client.audit.AuditPage;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.web.QueryParameters;
import dev.gleaner.core.web.SeqCursor;
import reactor.core.publisher.Mono;

/** {@code GET /admin/v1/audit?actor=&action=&from=&to=&cursor=&limit=}: the audit log, newest first (admin API key). */
@RestController
@RequestMapping("/admin/v1/audit")
public class AuditController {

    private static final Set<String> PARAMETERS = Set.of("actor", "action", "from", "to", "cursor", "limit");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    @GetMapping
    public Mono<AuditPage> find(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.defer(() -> {
            QueryParameters.onlyKnown(query, PARAMETERS);
            List<FieldError> errors = new ArrayList<>();
            Instant from = QueryParameters.instant(query, "from", errors);
            Instant to = QueryParameters.instant(query, "to", errors);
            Integer limit = QueryParameters.integer(query, "limit");
            if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
                errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
            }
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            String cursor = query.getFirst("cursor");
            Long before = cursor == null ? null : SeqCursor.decodeLong(cursor);
            int size = limit == null ? DEFAULT_LIMIT : limit;
            return audit.find(blankToNull(query.getFirst("actor")), blankToNull(query.getFirst("action")), from, to,
                            before, size + 1)
                    .collectList()
                    .map(rows -> {
                        List<AuditEntry> shown = rows.size() > size ? rows.subList(0, size) : rows;
                        return new AuditPage(shown, rows.size() > size ? SeqCursor.encodeLong(shown.getLast().id()) : null);
                    });
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
