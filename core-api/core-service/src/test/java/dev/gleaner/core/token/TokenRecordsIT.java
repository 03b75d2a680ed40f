package dev.gleaner.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.admin.TokenView;
import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.IntrospectionRequest;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.core.client.token.TokenRecord;
import dev.gleaner.core.job.JobsTestContext;

/**
 * The token records core-api keeps in Redis for the gateways: written on issue, and by every change before it
 * answers (revocation, suspension, resumption, a plan's new limits); filled back after a miss but never over what
 * a change wrote; and last-used times taken from the gateways' hash into the database.
 */
class TokenRecordsIT extends JobsTestContext {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private IssuedToken issue(TenantView tenant) {
        return calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/tokens").bodyValue(Map.of("name", "t"))
                .exchange().expectStatus().isCreated().expectBody(IssuedToken.class).returnResult().getResponseBody();
    }

    private static String key(IssuedToken token) {
        return TokenRecord.key(NAMESPACE, ApiTokenFormat.hash(ApiTokenFormat.parse(token.token()).orElseThrow().secret()));
    }

    private static String raw(IssuedToken token) {
        return redis.reactive().get(key(token)).block(TIMEOUT);
    }

    private static TokenRecord record(IssuedToken token) {
        String json = raw(token);
        return json == null ? null : JSON.readValue(json, TokenRecord.class);
    }

    private TokenIntrospection introspect(IssuedToken token) {
        return calls().signedPost(IdentityHeaders.GATEWAY_SERVICE, IntrospectionRequest.PATH,
                        new IntrospectionRequest(token.token()))
                .exchange().expectStatus().isOk().expectBody(TokenIntrospection.class).returnResult().getResponseBody();
    }

    private List<TokenView> tokens(TenantView tenant) {
        return calls().admin().get().uri("/admin/v1/tenants/" + tenant.id() + "/tokens").exchange().expectStatus().isOk()
                .expectBodyList(TokenView.class).returnResult().getResponseBody();
    }

    @Test
    void anIssuedTokenHasAnActiveRecordWithoutItsSecretAndARevocationIsInRedisWhenItAnswers() {
        TenantView tenant = calls().createTenant("records-" + UUID.randomUUID());
        IssuedToken token = issue(tenant);

        TokenRecord issued = record(token);
        assertThat(issued.status()).isEqualTo(TokenRecord.ACTIVE);
        assertThat(issued.tenantId()).isEqualTo(tenant.id());
        assertThat(issued.publicId()).isEqualTo(ApiTokenFormat.parse(token.token()).orElseThrow().publicId());
        assertThat(issued.limits()).as("the default plan's limits").isNotNull();
        String secret = ApiTokenFormat.parse(token.token()).orElseThrow().secret();
        assertThat(raw(token)).doesNotContain(secret).doesNotContain(token.token());

        calls().admin().delete().uri("/admin/v1/tenants/" + tenant.id() + "/tokens/" + token.id()).exchange()
                .expectStatus().isOk();
        assertThat(record(token).status()).as("written before the revocation answered").isEqualTo(TokenRecord.REVOKED);
        assertThat(record(token).introspection(ApiTokenFormat.parse(token.token()).orElseThrow()).active()).isFalse();
        assertThat(introspect(token).active()).isFalse();
        assertThat(record(token).status()).as("a look-up of a revoked token leaves its record").isEqualTo(TokenRecord.REVOKED);
    }

    @Test
    void aSuspendedTenantsTokensAreRecordedSuspendedAndWorkAgainWhenItIsResumed() {
        TenantView tenant = calls().createTenant("suspended-" + UUID.randomUUID());
        IssuedToken first = issue(tenant);
        IssuedToken second = issue(tenant);

        TenantView suspended = calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/suspend")
                .bodyValue(Map.of("reason", "unpaid invoice")).exchange().expectStatus().isOk()
                .expectBody(TenantView.class).returnResult().getResponseBody();
        assertThat(suspended.suspendedAt()).isNotNull();
        assertThat(List.of(record(first).status(), record(second).status()))
                .containsOnly(TokenRecord.SUSPENDED);
        assertThat(introspect(first).active()).isFalse();
        assertThat(calls().admin().get().uri("/admin/v1/tenants?q=" + tenant.id()).exchange().expectBodyList(TenantView.class)
                .returnResult().getResponseBody()).as("a suspended tenant is still listed, as suspended")
                .anySatisfy(t -> {
                    assertThat(t.id()).isEqualTo(tenant.id());
                    assertThat(t.suspendedAt()).isNotNull();
                });

        TenantView resumed = calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/resume").exchange()
                .expectStatus().isOk().expectBody(TenantView.class).returnResult().getResponseBody();
        assertThat(resumed.suspendedAt()).isNull();
        assertThat(List.of(record(first).status(), record(second).status())).containsOnly(TokenRecord.ACTIVE);
        assertThat(introspect(second).active()).isTrue();

        Long audited = db.sql("SELECT count(*) AS n FROM audit_log WHERE target = :t AND action IN "
                + "('tenant.suspend', 'tenant.resume')").bind("t", tenant.id().toString())
                .map(r -> r.get("n", Long.class)).one().block(TIMEOUT);
        assertThat(audited).isEqualTo(2);
        calls().admin().post().uri("/admin/v1/tenants/" + UUID.randomUUID() + "/suspend").exchange()
                .expectStatus().isNotFound();
        calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/suspend")
                .bodyValue(Map.of("reason", "x", "until", "tomorrow")).exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("until");
    }

    @Test
    void aPlansNewLimitsAreInItsTenantsRecordsWhenTheChangeAnswers() {
        TenantView tenant = calls().createTenant("replanned-" + UUID.randomUUID());
        IssuedToken token = issue(tenant);
        Map<String, Object> rate = Map.of("perSecond", 3, "burst", 6);
        String name = "records-" + UUID.randomUUID();
        PlanView plan = calls().admin().post().uri("/admin/v1/plans").bodyValue(Map.of("name", name, "limits",
                        Map.of("scrape", rate, "jobs", rate, "crawls", rate, "read", rate)))
                .exchange().expectStatus().isCreated().expectBody(PlanView.class).returnResult().getResponseBody();
        calls().admin().put().uri("/admin/v1/tenants/" + tenant.id() + "/plan").bodyValue(Map.of("planId", plan.id()))
                .exchange().expectStatus().isNoContent();
        assertThat(record(token).planId()).isEqualTo(plan.id());
        assertThat(record(token).limits().read().perSecond()).isEqualTo(3);

        Map<String, Object> faster = Map.of("perSecond", 8, "burst", 16);
        calls().admin().put().uri("/admin/v1/plans/" + plan.id()).bodyValue(Map.of("name", name, "limits",
                        Map.of("scrape", faster, "jobs", faster, "crawls", faster, "read", faster)))
                .exchange().expectStatus().isOk();
        assertThat(record(token).planVersion()).isEqualTo(2);
        assertThat(record(token).limits().read().perSecond()).isEqualTo(8);
    }

    @Test
    void aLookUpThatMissedRedisFillsItBackButNeverOverWhatAChangeWrote() {
        TenantView tenant = calls().createTenant("refilled-" + UUID.randomUUID());
        IssuedToken token = issue(tenant);
        redis.reactive().del(key(token)).block(TIMEOUT);

        assertThat(introspect(token).active()).isTrue();
        assertThat(record(token).status()).as("filled back after the miss").isEqualTo(TokenRecord.ACTIVE);

        // a change's record arrives between a look-up's read of the database and its write to Redis
        TokenRecord written = new TokenRecord(record(token).publicId(), TokenRecord.REVOKED, tenant.id(), tenant.name(),
                null, null, null);
        redis.reactive().set(key(token), JSON.writeValueAsString(written)).block(TIMEOUT);
        assertThat(introspect(token).active()).as("the database still says active").isTrue();
        assertThat(record(token).status()).as("the look-up did not overwrite it").isEqualTo(TokenRecord.REVOKED);
    }

    @Test
    void lastUsedTimesFromTheGatewaysReachTheDatabaseAndOnlyMoveForward() {
        TenantView tenant = calls().createTenant("used-" + UUID.randomUUID());
        IssuedToken first = issue(tenant);
        IssuedToken second = issue(tenant);
        assertThat(tokens(tenant)).allSatisfy(t -> assertThat(t.lastUsedAt()).isNull());
        String lastUsed = TokenRecord.lastUsedKey(NAMESPACE);
        long now = Instant.now().getEpochSecond();

        // as the gateways write them
        redis.reactive().hset(lastUsed, ApiTokenFormat.parse(first.token()).orElseThrow().publicId(),
                Long.toString(now - 60)).block(TIMEOUT);
        await().atMost(DEADLINE).until(() -> tokens(tenant).stream().filter(t -> t.id().equals(first.id()))
                .findFirst().orElseThrow().lastUsedAt(), at -> at != null && at.getEpochSecond() == now - 60);

        redis.reactive().hset(lastUsed, Map.of(ApiTokenFormat.parse(first.token()).orElseThrow().publicId(),
                Long.toString(now - 3600), ApiTokenFormat.parse(second.token()).orElseThrow().publicId(),
                Long.toString(now))).block(TIMEOUT);
        // both are written by one statement: once the second shows, the first's older time was weighed too
        await().atMost(DEADLINE).until(() -> tokens(tenant).stream().filter(t -> t.id().equals(second.id()))
                .findFirst().orElseThrow().lastUsedAt() != null);
        assertThat(tokens(tenant)).filteredOn(t -> t.id().equals(first.id())).singleElement()
                .satisfies(t -> assertThat(t.lastUsedAt().getEpochSecond()).isEqualTo(now - 60));
    }
}
