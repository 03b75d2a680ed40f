package dev.gleaner.core.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.CoreApiCalls;
import dev.gleaner.core.client.admin.OperatorView;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.audit.AuditPage;
import dev.gleaner.core.job.JobsTestContext;

/** Operators of the console: sign-in against PostgreSQL, its throttle in Redis, and what a viewer may do. */
class OperatorsIT extends JobsTestContext {

    private WebTestClient.ResponseSpec signIn(String username, String password, String address) {
        return calls().admin().post().uri("/admin/v1/operators/sign-in").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password, "clientAddress", address)).exchange();
    }

    private OperatorView create(String username, String password, String role) {
        return calls().asOperator("admin").post().uri("/admin/v1/operators")
                .bodyValue(Map.of("username", username, "password", password, "role", role)).exchange()
                .expectStatus().isCreated().expectBody(OperatorView.class).returnResult().getResponseBody();
    }

    private static String someone() {
        return "op-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String address() {
        return "10.9." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    @Test
    void theFirstAdminComesFromConfigurationAndAWrongPasswordOrNameIsRefusedAlike() {
        OperatorView admin = signIn("Admin", CoreApiCalls.FIRST_ADMIN_PASSWORD, address()).expectStatus().isOk()
                .expectBody(OperatorView.class).returnResult().getResponseBody();
        assertThat(admin.username()).isEqualTo("admin");
        assertThat(admin.role()).isEqualTo("admin");
        assertThat(admin.createdBy()).isEqualTo("configuration");
        assertThat(admin.lastSignInAt()).isNotNull();

        String wrongPassword = signIn("admin", "not-the-password-at-all", address()).expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        String unknownName = signIn("nobody-" + UUID.randomUUID(), "not-the-password-at-all", address())
                .expectStatus().isUnauthorized().expectBody(String.class).returnResult().getResponseBody();
        assertThat(wrongPassword).contains("wrong username or password");
        assertThat(unknownName).contains("wrong username or password");
        String listed = calls().admin().get().uri("/admin/v1/operators?q=admin&limit=500").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).contains("\"username\":\"admin\"").doesNotContain("password").doesNotContain("$2a$");
    }

    @Test
    void afterFiveFailuresEvenTheRightPasswordIsRefusedForAWhileAndOtherOperatorsAreNot() {
        String name = someone();
        String password = "right-password-" + UUID.randomUUID();
        create(name, password, "viewer");
        for (int i = 0; i < 5; i++) {
            signIn(name, "wrong-password-" + i + "-xxxx", address()).expectStatus().isUnauthorized();
        }
        signIn(name, password, address()).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("too many failed sign-ins for '" + name + "'"));
        signIn("admin", CoreApiCalls.FIRST_ADMIN_PASSWORD, address()).expectStatus().isOk();

        String attacker = address();
        for (int i = 0; i < 5; i++) {
            signIn(someone(), "guessing-password-" + i, attacker).expectStatus().isUnauthorized();
        }
        signIn("admin", CoreApiCalls.FIRST_ADMIN_PASSWORD, attacker)
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void aViewerMayReadButEveryChangeIsRefusedAndNothingChanges() {
        String viewer = someone();
        create(viewer, "viewer-password-0123", "viewer");
        calls().asOperator(viewer).get().uri("/admin/v1/tenants").exchange().expectStatus().isOk();
        String name = "not-made-" + UUID.randomUUID();
        calls().asOperator(viewer).post().uri("/admin/v1/tenants").bodyValue(Map.of("name", name)).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("viewer"));
        calls().asOperator(viewer).post().uri("/admin/v1/operators")
                .bodyValue(Map.of("username", someone(), "password", "promoted-myself-0123", "role", "admin")).exchange()
                .expectStatus().isForbidden();
        calls().asOperator(viewer).post().uri("/admin/v1/domain-pauses")
                .bodyValue(Map.of("domain", "example.com", "reason", "x")).exchange().expectStatus().isForbidden();
        List<TenantView> tenants = calls().admin().get().uri("/admin/v1/tenants?q=" + name).exchange()
                .expectBodyList(TenantView.class).returnResult().getResponseBody();
        assertThat(tenants).extracting(TenantView::name).doesNotContain(name);

        calls().asOperator("nobody-" + UUID.randomUUID().toString().substring(0, 8)).get().uri("/admin/v1/tenants")
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aChangeIsAuditedAsTheOperatorWhoMadeItAndARoleChangeTakesEffect() {
        String name = someone();
        OperatorView made = create(name, "an-admin-password-0123", "admin");
        String tenant = "audited-op-" + UUID.randomUUID();
        calls().asOperator(name).post().uri("/admin/v1/tenants").bodyValue(Map.of("name", tenant)).exchange()
                .expectStatus().isCreated();
        AuditPage page = calls().admin().get().uri("/admin/v1/audit?actor=operator:" + name).exchange()
                .expectStatus().isOk().expectBody(AuditPage.class).returnResult().getResponseBody();
        assertThat(page.entries()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("tenant.create");
            assertThat(e.details()).contains(tenant);
        });

        calls().asOperator("admin").put().uri("/admin/v1/operators/" + made.id()).bodyValue(Map.of("role", "viewer"))
                .exchange().expectStatus().isOk().expectBody(OperatorView.class)
                .value(v -> assertThat(v.role()).isEqualTo("viewer"));
        calls().asOperator(name).post().uri("/admin/v1/tenants").bodyValue(Map.of("name", tenant + "-2")).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    @SuppressWarnings("unchecked")
    void badOperatorsAreRefusedNamingTheFieldAndTheLastAdminStays() {
        calls().asOperator("admin").post().uri("/admin/v1/operators")
                .bodyValue(Map.of("username", "Bad Name!", "password", "short", "role", "root")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field").value(fields -> assertThat((List<Object>) fields)
                        .containsExactlyInAnyOrder("username", "password", "role"));
        calls().asOperator("admin").post().uri("/admin/v1/operators").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"x\",\"password\":\"long-enough-password\",\"role\":\"viewer\",\"admin\":true}")
                .exchange().expectStatus().isBadRequest();
        String taken = someone();
        create(taken, "a-viewer-password-01", "viewer");
        calls().asOperator("admin").post().uri("/admin/v1/operators")
                .bodyValue(Map.of("username", taken, "password", "a-viewer-password-01", "role", "viewer")).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);

        List<OperatorView> admins = calls().admin().get().uri("/admin/v1/operators?limit=500").exchange()
                .expectBodyList(OperatorView.class).returnResult().getResponseBody().stream()
                .filter(OperatorView::canChange).toList();
        for (OperatorView other : admins.subList(1, admins.size())) {
            calls().admin().put().uri("/admin/v1/operators/" + other.id()).bodyValue(Map.of("role", "viewer"))
                    .exchange().expectStatus().isOk();
        }
        calls().admin().put().uri("/admin/v1/operators/" + admins.getFirst().id()).bodyValue(Map.of("role", "viewer"))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("last admin"));
        calls().admin().delete().uri("/admin/v1/operators/" + admins.getFirst().id()).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);
        for (OperatorView other : admins.subList(1, admins.size())) {
            calls().admin().put().uri("/admin/v1/operators/" + other.id()).bodyValue(Map.of("role", "admin"))
                    .exchange().expectStatus().isOk();
        }
    }
}
