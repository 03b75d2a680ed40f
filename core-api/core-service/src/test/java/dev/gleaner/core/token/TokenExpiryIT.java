package dev.gleaner.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.admin.TokenView;
import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.token.IntrospectionRequest;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.core.job.JobsTestContext;

/** A token issued with an expiry works until then and is refused after, by its record as by the database. */
class TokenExpiryIT extends JobsTestContext {

    private TokenIntrospection introspect(String token) {
        return calls().signedPost(IdentityHeaders.GATEWAY_SERVICE, IntrospectionRequest.PATH, new IntrospectionRequest(token))
                .exchange().expectStatus().isOk().expectBody(TokenIntrospection.class).returnResult().getResponseBody();
    }

    @Test
    void aTokenThatExpiresWorksUntilItsExpiryAndIsListedWithIt() {
        TenantView tenant = calls().createTenant("expiring-" + UUID.randomUUID());
        Instant expiry = Instant.now().plusSeconds(4);
        IssuedToken token = calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/tokens")
                .bodyValue(Map.of("name", "short-lived", "expiresAt", expiry.toString())).exchange()
                .expectStatus().isCreated().expectBody(IssuedToken.class).returnResult().getResponseBody();
        assertThat(introspect(token.token()).active()).isTrue();
        List<TokenView> listed = calls().admin().get().uri("/admin/v1/tenants/" + tenant.id() + "/tokens").exchange()
                .expectBodyList(TokenView.class).returnResult().getResponseBody();
        assertThat(listed).singleElement().satisfies(t -> assertThat(t.expiresAt()).isCloseTo(expiry,
                within(Duration.ofMillis(1))));

        await("refused once expired").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> !introspect(token.token()).active());
        assertThat(Instant.now()).isAfterOrEqualTo(expiry);
        IssuedToken lasting = calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/tokens")
                .bodyValue(Map.of("name", "lasting")).exchange().expectStatus().isCreated().expectBody(IssuedToken.class)
                .returnResult().getResponseBody();
        assertThat(introspect(lasting.token()).active()).as("a token without expiry works").isTrue();
    }

    @Test
    void anExpiryInThePastOrBeyondTenYearsIsRefusedNamingIt() {
        TenantView tenant = calls().createTenant("expiry-refused-" + UUID.randomUUID());
        for (Instant bad : List.of(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(3651)))) {
            calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/tokens")
                    .bodyValue(Map.of("expiresAt", bad.toString())).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("expiresAt");
        }
        calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/tokens")
                .bodyValue(Map.of("expiresAt", "tomorrow")).exchange().expectStatus().isBadRequest();
        assertThat(calls().admin().get().uri("/admin/v1/tenants/" + tenant.id() + "/tokens").exchange()
                .expectBodyList(TokenView.class).returnResult().getResponseBody()).isEmpty();
    }
}
