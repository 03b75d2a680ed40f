package dev.gleaner.core.map.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.map.MapRequest;
import dev.gleaner.core.client.map.MapResponse;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.map.SiteMapper;
import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.usage.Admission;
import dev.gleaner.core.web.HttpUrls;
import reactor.core.publisher.Mono;

/** {@code POST /v1/map}: a site's URLs, from its sitemaps and its links, without rendering its pages. */
@RestController
public class MapController {

    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 5_000;
    static final int MAX_URL = 8_192;

    private final SiteMapper mapper;
    private final Admission admission;
    private final AuditLog audit;

    public MapController(SiteMapper mapper, Admission admission, AuditLog audit) {
        this.audit = audit;
        this.mapper = mapper;
        this.admission = admission;
    }

    @PostMapping(path = "/v1/map", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<MapResponse> map(@RequestBody(required = false) Mono<MapRequest> body, ServerWebExchange exchange) {
        UUID tenant = CallerPrincipal.tenantOf(exchange);
        return body.switchIfEmpty(Mono.error(() -> InvalidInputException.of("body", "a JSON object with \"url\" is required")))
                .map(this::validate)
                .flatMap(command -> admission.map(tenant)
                        .then(audit.request(exchange, "map", command.url().toString(), null))
                        .then(mapper.map(tenant, command)));
    }

    private SiteMapper.MapCommand validate(MapRequest request) {
        List<FieldError> errors = new ArrayList<>();
        URI url = HttpUrls.parse(request.url(), "url", MAX_URL, errors);
        int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
        }
        if (request.search() != null && (request.search().isBlank() || request.search().length() > 200)) {
            errors.add(new FieldError("search", "must be 1 to 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new SiteMapper.MapCommand(url, limit, Boolean.TRUE.equals(request.includeSubdomains()), request.search());
    }
}
