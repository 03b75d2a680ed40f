package dev.gleaner.core.crawl.web;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
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

import dev.gleaner.core.client.crawl.CrawlAccepted;
import dev.gleaner.core.client.crawl.CrawlErrors;
import dev.gleaner.core.client.crawl.CrawlPages;
import dev.gleaner.core.client.crawl.CrawlView;
import dev.gleaner.core.crawl.CrawlService;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.web.QueryParameters;
import dev.gleaner.web.RequestIdWebFilter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /v1/crawls}: whole sites, page by page, with live progress. Another tenant's crawl is 404. */
@RestController
@RequestMapping("/v1/crawls")
public class CrawlController {

    private static final Set<String> PAGE_PARAMETERS = Set.of("cursor", "limit");

    private final CrawlService crawls;
    private final AuditLog audit;

    public CrawlController(CrawlService crawls, AuditLog audit) {
        this.crawls = crawls;
        this.audit = audit;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<CrawlAccepted>> submit(@RequestBody(required = false) Mono<JsonNode> body,
            ServerWebExchange exchange) {
        UUID tenant = CallerPrincipal.tenantOf(exchange);
        return body.switchIfEmpty(Mono.error(() -> InvalidInputException.of("body", "a JSON object with \"url\" is required")))
                .flatMap(json -> crawls.submit(tenant, json, RequestIdWebFilter.of(exchange))
                        .flatMap(crawl -> audit.request(exchange, "crawl.start", crawl.url(), "crawl=" + crawl.id())
                                .thenReturn(crawl)))
                .map(crawl -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(URI.create("/v1/crawls/" + crawl.id()))
                        .body(new CrawlAccepted(crawl.id())));
    }

    @GetMapping("/{id}")
    public Mono<CrawlView> get(@PathVariable UUID id, ServerWebExchange exchange) {
        return crawls.get(CallerPrincipal.tenantOf(exchange), id);
    }

    @GetMapping("/{id}/pages")
    public Mono<CrawlPages> pages(@PathVariable UUID id, ServerWebExchange exchange) {
        UUID tenant = CallerPrincipal.tenantOf(exchange);
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.defer(() -> {
            QueryParameters.onlyKnown(query, PAGE_PARAMETERS);
            return crawls.pages(tenant, id, query.getFirst("cursor"), QueryParameters.integer(query, "limit"));
        });
    }

    @GetMapping("/{id}/errors")
    public Mono<CrawlErrors> errors(@PathVariable UUID id, ServerWebExchange exchange) {
        return crawls.errors(CallerPrincipal.tenantOf(exchange), id);
    }

    /** Server-sent events; {@code Last-Event-ID} (what a reconnecting EventSource sends) resumes after that event. */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<String>> events(@PathVariable UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, ServerWebExchange exchange) {
        UUID tenant = CallerPrincipal.tenantOf(exchange);
        return Flux.defer(() -> crawls.events(tenant, id, after(lastEventId)));
    }

    private static long after(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(lastEventId.strip());
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw InvalidInputException.of("Last-Event-ID", "must be the id of an event of this stream (a whole number)");
        }
    }

    @DeleteMapping("/{id}")
    public Mono<CrawlView> cancel(@PathVariable UUID id, ServerWebExchange exchange) {
        return crawls.cancel(CallerPrincipal.tenantOf(exchange), id);
    }
}
