package dev.gleaner.core.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.JobsProperties;
import reactor.core.publisher.Mono;

/** An instance whose API role is off (a worker only) serves nothing but its actuator. */
class ApiRoleTest {

    private static CallerAuthenticationFilter filter(boolean api) {
        CoreProperties core = new CoreProperties("admin-key-0123456789", "identity-secret-0123456789",
                Duration.ofSeconds(30), "", 4, Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofSeconds(30),
                "redis://localhost:6379", "gleaner", "/tmp");
        JobsProperties roles = new JobsProperties(api, true, 4, 3, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(5), "");
        return new CallerAuthenticationFilter(new IdentitySigner(core.identitySecret()), (id, window) -> Mono.just(true),
                core, roles, name -> Mono.just(java.util.Optional.empty()));
    }

    private static HttpStatus statusOf(CallerAuthenticationFilter filter, String path, AtomicBoolean passed) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path)
                .header("Authorization", "Bearer admin-key-0123456789"));
        filter.filter(exchange, e -> {
            passed.set(true);
            return Mono.empty();
        }).block(Duration.ofSeconds(10));
        return (HttpStatus) exchange.getResponse().getStatusCode();
    }

    @Test
    void aWorkerOnlyInstanceAnswersNotFoundForTheApiAndServesItsActuator() {
        AtomicBoolean passed = new AtomicBoolean();
        for (String path : new String[] {"/v1/jobs", "/admin/v1/tenants", "/internal/v1/tokens/introspect",
                "/v1/openapi.json"}) {
            assertThat(statusOf(filter(false), path, passed)).as(path).isEqualTo(HttpStatus.NOT_FOUND);
        }
        assertThat(passed).as("no request reached a handler").isFalse();
        statusOf(filter(false), "/actuator/health", passed);
        assertThat(passed).as("the actuator is served").isTrue();

        AtomicBoolean admin = new AtomicBoolean();
        statusOf(filter(true), "/admin/v1/tenants", admin);
        assertThat(admin).as("with the API role on, the admin key opens the admin API").isTrue();
    }
}
