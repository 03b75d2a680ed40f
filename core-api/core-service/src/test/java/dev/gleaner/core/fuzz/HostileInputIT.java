package dev.gleaner.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.testsupport.HostileRequests;
import dev.gleaner.testsupport.TestFixtureSite;

/**
 * {@link HostileRequests}, as the gateway forwards them (signed for a tenant), to every public endpoint:
 * every one is answered 4xx, none 5xx; no job, batch or crawl is created; the service still works afterwards.
 */
class HostileInputIT extends JobsTestContext {

    @Test
    void hundredsOfHostileRequestsAreAll4xxNothingIsCreatedAndTheServiceStillWorks() {
        TenantView tenant = calls().createTenant("fuzzed-" + UUID.randomUUID());
        List<HostileRequests.Request> requests = HostileRequests.all();
        List<String> failures = new ArrayList<>();
        for (HostileRequests.Request request : requests) {
            var spec = switch (request.method()) {
                case "POST" -> calls().signedPost(tenant(tenant), request.path(), request.body());
                case "GET" -> calls().signedGet(tenant(tenant), request.path());
                default -> calls().signedDelete(tenant(tenant), request.path());
            };
            int status = spec.exchange().returnResult(String.class).getStatus().value();
            if (status < 400 || status >= 500) {
                failures.add(request + " → " + status);
            }
        }

        assertThat(requests).hasSizeGreaterThanOrEqualTo(300);
        assertThat(failures).as("answers that were not 4xx, of %d requests", requests.size()).isEmpty();
        for (String table : List.of("jobs", "batches", "crawls")) {
            Long rows = db.sql("SELECT count(*) AS n FROM " + table + " WHERE tenant_id = :t").bind("t", tenant.id())
                    .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
            assertThat(rows).as("%s created by hostile requests", table).isZero();
        }
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
        calls().signedPost(tenant(tenant), "/v1/scrape", Map.of("url", TestFixtureSite.get().url("/site/"), "render", "http"))
                .exchange().expectStatus().isOk();
    }

    /** Values that would work if converted to the right type are refused by field, not converted. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            timeoutMs        | "5000"
            onlyMainContent  | "true"
            waitForSelector  | 5
            render           | true
            maxAge           | 1.5
            """)
    void aValueOfTheWrongJsonTypeIsRefusedNamingItsFieldNotConverted(String field, String value) {
        String body = "{\"url\": \"" + TestFixtureSite.get().url("/") + "\", \"" + field + "\": " + value + "}";
        TenantView tenant = calls().createTenant("typed-" + UUID.randomUUID());
        calls().signedPost(tenant(tenant), "/v1/scrape", body).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }
}
