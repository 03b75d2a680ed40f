package dev.gleaner.core.scrape.web;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.client.scrape.ScrapeResponse;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.usage.Admission;
import dev.gleaner.core.scrape.ScrapeCommand;
import dev.gleaner.core.scrape.ScrapeService;
import dev.gleaner.web.RequestIdWebFilter;
import dev.gleaner.web.Traces;
import reactor.core.publisher.Mono;

/** {@code POST /v1/scrape}: render one page and answer with its content. */
@RestController
public class ScrapeController {

    private final ScrapeService scrapes;
    private final CoreProperties properties;
    private final Admission admission;
    private final AuditLog audit;

    public ScrapeController(ScrapeService scrapes, CoreProperties properties, Admission admission, AuditLog audit) {
        this.audit = audit;
        this.scrapes = scrapes;
        this.properties = properties;
        this.admission = admission;
    }

    @PostMapping(path = "/v1/scrape", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ScrapeResponse> scrape(@RequestBody(required = false) Mono<ScrapeRequest> body,
            ServerWebExchange exchange) {
        return body.map(request -> {
                    if (request.webhook() != null) {
                        throw InvalidInputException.of("webhook", "only jobs and batches call back; a synchronous scrape"
                                + " answers here (submit it to POST /v1/jobs instead)");
                    }
                    return ScrapeCommand.validate(request, properties.defaultTimeout());
                })
                .switchIfEmpty(Mono.fromCallable(() -> ScrapeCommand.validate(null, properties.defaultTimeout())))
                .doOnNext(command -> Traces.tag(exchange, "domain", command.url().getHost()))
                .flatMap(command -> admission.scrapes(CallerPrincipal.tenantOf(exchange), command, 1)
                        .then(audit.request(exchange, "scrape", command.url().toString(), null))
                        .then(scrapes.scrape(CallerPrincipal.tenantOf(exchange), command, RequestIdWebFilter.of(exchange))));
    }
}
