package dev.gleaner.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo tenant and its API token, created through core-api's admin API exactly as an
 * operator's script would.
 */
public record DemoTenant(String tenantId, String tenantName, String token) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static DemoTenant seed(URI coreApi, String adminApiKey) {
        return create(coreApi, adminApiKey, "demo");
    }

    /** Creates a tenant with the default settings and one token for it, as an operator's script would. */
    public static DemoTenant create(URI coreApi, String adminApiKey, String name) {
        JsonNode tenant = post(coreApi.resolve("/admin/v1/tenants"), adminApiKey, Map.of("name", name));
        String id = tenant.get("id").asString();
        JsonNode token = post(coreApi.resolve("/admin/v1/tenants/" + id + "/tokens"), adminApiKey,
                Map.of("name", "demo token"));
        return new DemoTenant(id, tenant.get("name").asString(), token.get("token").asString());
    }

    /**
     * Puts this tenant on a new plan of its own allowing {@code perSecond} requests a second (bursts of
     * {@code burst}) on every route family, as an operator would for a heavy user (the benchmarks).
     */
    public void putOnOwnPlan(URI coreApi, String adminApiKey, int perSecond, int burst) {
        Map<String, Integer> rate = Map.of("perSecond", perSecond, "burst", burst);
        JsonNode plan = post(coreApi.resolve("/admin/v1/plans"), adminApiKey, Map.of("name", tenantName + "-"
                + java.util.UUID.randomUUID(), "limits", Map.of("scrape", rate, "jobs", rate, "crawls", rate, "read", rate)));
        send(coreApi.resolve("/admin/v1/tenants/" + tenantId + "/plan"), adminApiKey, "PUT",
                Map.of("planId", plan.get("id").asString()));
    }

    private static JsonNode post(URI uri, String adminApiKey, Map<String, ?> body) {
        return send(uri, adminApiKey, "POST", body);
    }

    private static JsonNode send(URI uri, String adminApiKey, String method, Map<String, ?> body) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminApiKey)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
