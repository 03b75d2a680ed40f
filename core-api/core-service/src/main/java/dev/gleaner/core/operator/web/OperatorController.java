package dev.gleaner.core.operator.web;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.admin.OperatorRequest;
import dev.gleaner.core.client.admin.OperatorView;
import dev.gleaner.core.client.admin.SignInRequest;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.operator.Operators;
import dev.gleaner.core.web.PageQuery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/operators}: the console's operators and their sign-in (admin API key required). */
@RestController
@RequestMapping("/admin/v1/operators")
public class OperatorController {

    private static final Map<String, String> ORDERS = Map.of("username", "username", "createdAt", "created_at",
            "lastSignInAt", "last_sign_in_at");

    private final Operators operators;

    public OperatorController(Operators operators) {
        this.operators = operators;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    /** Checks an operator's password: 200 with the operator, 401 when wrong, 429 after too many failures. */
    @PostMapping("/sign-in")
    public Mono<OperatorView> signIn(@RequestBody(required = false) Mono<SignInRequest> request) {
        return request.switchIfEmpty(Mono.error(() -> InvalidInputException.of("username", "is required")))
                .flatMap(r -> operators.signIn(r.username(), r.password(), r.clientAddress()));
    }

    /**
     * A page of operators: {@code q} matches a part of a name, {@code sort} is {@code username} (default),
     * {@code createdAt} or {@code lastSignInAt}; {@code order}, {@code offset} and {@code limit} as for tenants.
     */
    @GetMapping
    public Flux<OperatorView> list(ServerWebExchange exchange) {
        return Flux.defer(() -> operators.page(PageQuery.read(exchange.getRequest().getQueryParams(), ORDERS,
                "username")));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<OperatorView> create(@RequestBody(required = false) Mono<OperatorRequest> request,
            ServerWebExchange exchange) {
        return request.defaultIfEmpty(new OperatorRequest(null, null, null))
                .flatMap(r -> operators.create(r, CallerPrincipal.actorOf(exchange)));
    }

    @PutMapping("/{id}")
    public Mono<OperatorView> update(@PathVariable UUID id, @RequestBody(required = false) Mono<OperatorRequest> request,
            ServerWebExchange exchange) {
        return request.defaultIfEmpty(new OperatorRequest(null, null, null))
                .flatMap(r -> operators.update(id, r, CallerPrincipal.actorOf(exchange)));
    }

    @DeleteMapping("/{id}")
    public Mono<OperatorView> delete(@PathVariable UUID id, ServerWebExchange exchange) {
        return operators.delete(id, CallerPrincipal.actorOf(exchange));
    }
}
