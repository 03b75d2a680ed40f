package dev.gleaner.core.identity;

import java.util.UUID;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;

import dev.gleaner.core.admin.web.AdminController;
import dev.gleaner.core.config.RetentionProperties;
import dev.gleaner.core.policy.web.DomainController;
import dev.gleaner.core.usage.web.UsageController;
import dev.gleaner.core.webhook.web.WebhookAdminController;
import dev.gleaner.core.token.web.IntrospectionController;
import dev.gleaner.core.web.ApiExceptionHandler;

/**
 * Defence in depth: the admin and introspection controllers refuse a caller of the wrong kind
 * (or none) by themselves, as if the authentication filter had let the request through. Their
 * services are absent, so a request that got past the check would fail with a 500, not a 401.
 */
class ControllersRequireTheirCallerTest {

    private static WebTestClient client(CallerPrincipal principal) {
        WebFilter setPrincipal = (exchange, chain) -> {
            if (principal != null) {
                exchange.getAttributes().put(CallerPrincipal.ATTRIBUTE, principal);
            }
            return chain.filter(exchange);
        };
        return WebTestClient.bindToController(new AdminController(null, null, new RetentionProperties(7, Duration.ofHours(1), 365),
                                null, null),
                        new WebhookAdminController(null, null), new IntrospectionController(null), new DomainController(null, null),
                        new UsageController(null, null, null))
                .controllerAdvice(new ApiExceptionHandler())
                .webFilter(setPrincipal)
                .build();
    }

    @Test
    void theAdminApiRefusesATenantAServiceAndNobody() {
        for (CallerPrincipal caller : new CallerPrincipal[] {new CallerPrincipal.Tenant(UUID.randomUUID()),
                new CallerPrincipal.Service("gateway"), null}) {
            client(caller).get().uri("/admin/v1/tenants").exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            client(caller).get().uri("/admin/v1/webhooks/deliveries").exchange()
                    .expectStatus().isUnauthorized();
            client(caller).get().uri("/admin/v1/domains").exchange().expectStatus().isUnauthorized();
            client(caller).put().uri("/admin/v1/domains/example.com/policy").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"ratePerSecond\": 1}").exchange().expectStatus().isUnauthorized();
            client(caller).get().uri("/admin/v1/tenants/{id}/usage", UUID.randomUUID()).exchange()
                    .expectStatus().isUnauthorized();
            client(caller).post().uri("/admin/v1/tenants/{id}/tokens", UUID.randomUUID())
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                    .expectStatus().isUnauthorized();
        }
    }

    @Test
    void introspectionRefusesATenantAnAdminAndNobody() {
        for (CallerPrincipal caller : new CallerPrincipal[] {new CallerPrincipal.Tenant(UUID.randomUUID()),
                new CallerPrincipal.Admin(null), null}) {
            client(caller).post().uri("/internal/v1/tokens/introspect").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"token\":\"glt_x\"}").exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }
}
