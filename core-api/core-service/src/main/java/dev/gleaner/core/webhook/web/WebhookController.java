package dev.gleaner.core.webhook.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.webhook.WebhookSecret;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.webhook.WebhookSecrets;
import reactor.core.publisher.Mono;

/** {@code POST /v1/webhooks/secret}: a new signing secret for the tenant's webhooks, shown this once. */
@RestController
public class WebhookController {

    private final WebhookSecrets secrets;

    public WebhookController(WebhookSecrets secrets) {
        this.secrets = secrets;
    }

    @PostMapping("/v1/webhooks/secret")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<WebhookSecret> rotate(ServerWebExchange exchange) {
        return secrets.rotate(CallerPrincipal.tenantOf(exchange)).map(WebhookSecret::new);
    }
}
