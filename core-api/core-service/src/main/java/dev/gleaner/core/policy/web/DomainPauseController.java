package dev.gleaner.core.policy.web;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.policy.DomainPauseRequest;
import dev.gleaner.core.client.policy.DomainPauseView;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.policy.DomainPauses;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/domain-pauses}: pausing fetches from a domain (admin API key required). */
@RestController
@RequestMapping("/admin/v1/domain-pauses")
public class DomainPauseController {


    private final DomainPauses pauses;

    public DomainPauseController(DomainPauses pauses) {
        this.pauses = pauses;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<DomainPauseView> pause(@RequestBody(required = false) Mono<DomainPauseRequest> request,
            ServerWebExchange exchange) {
        return request.switchIfEmpty(Mono.error(() -> InvalidInputException.of("domain", "is required")))
                .flatMap(r -> pauses.pause(r, CallerPrincipal.actorOf(exchange)));
    }

    /** The pauses in force, newest first. */
    @GetMapping
    public Flux<DomainPauseView> list() {
        return pauses.list();
    }

    @DeleteMapping("/{id}")
    public Mono<DomainPauseView> end(@PathVariable UUID id, ServerWebExchange exchange) {
        return pauses.end(id, CallerPrincipal.actorOf(exchange));
    }
}
